package main

import (
	"reflect"
	"testing"
)

func TestSplitArgs(t *testing.T) {
	for in, want := range map[string][]string{
		"":                               nil,
		"  --a  b ":                      {"--a", "b"},
		`--title 'my prog' "x y" a\ b`:   {"--title", "my prog", "x y", "a b"},
		`--x=""`:                         {"--x="},
		`--inspect=0.0.0.0:9229 --trace`: {"--inspect=0.0.0.0:9229", "--trace"},
	} {
		got, err := splitArgs(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("splitArgs(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := splitArgs(`"open`); err == nil {
		t.Error("unterminated quote accepted")
	}
}

func TestConfigEnv(t *testing.T) {
	got, err := configEnv(map[string]string{"proj:token": "s", "aws:region": "r"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"aws:config:region":"r","proj:config:token":"s"}`; got != want {
		t.Errorf("configEnv = %s; want %s", got, want)
	}
}
