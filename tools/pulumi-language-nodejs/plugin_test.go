package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// A stand-in for @pulumi/pulumi/cmd/run-policy-pack: it reports what it was started with, announces
// the port of the test's own analyzer (as a real pack announces its own), says hello and stays up.
const fakeRunPolicyPack = `
const fs = require("fs");
fs.writeFileSync(process.env.FAKE_REPORT, JSON.stringify({
  pid: process.pid, argv: process.argv.slice(2), cwd: process.cwd(),
  stack: process.env.PULUMI_NODEJS_STACK, project: process.env.PULUMI_NODEJS_PROJECT,
  organization: process.env.PULUMI_NODEJS_ORGANIZATION, dryRun: process.env.PULUMI_NODEJS_DRY_RUN,
  config: process.env.PULUMI_CONFIG, typescript: process.env.PULUMI_NODEJS_TYPESCRIPT || "",
  tsconfig: process.env.PULUMI_NODEJS_TSCONFIG_PATH || "",
}));
process.stdout.write(process.env.FAKE_ANALYZER_PORT + "\n");
setTimeout(() => console.log("pack says hello"), 100);
setInterval(() => {}, 1000);
`

type packReport struct {
	Pid                                                           int
	Argv                                                          []string
	Cwd, Stack, Project, Organization, DryRun, Config, Typescript string
	Tsconfig                                                      string
}

// fakeAnalyzer is the analyzer the fake pack announces: it records the forwarded stack configuration.
type fakeAnalyzer struct {
	pulumirpc.UnimplementedAnalyzerServer
	configured chan *pulumirpc.AnalyzerStackConfigureRequest
}

func (a *fakeAnalyzer) ConfigureStack(_ context.Context, req *pulumirpc.AnalyzerStackConfigureRequest,
) (*pulumirpc.AnalyzerStackConfigureResponse, error) {
	a.configured <- req
	return &pulumirpc.AnalyzerStackConfigureResponse{}, nil
}

func (a *fakeAnalyzer) GetAnalyzerInfo(context.Context, *emptypb.Empty) (*pulumirpc.AnalyzerInfo, error) {
	return &pulumirpc.AnalyzerInfo{Name: "fake-pack", Version: "1.2.3"}, nil
}

// serve starts a gRPC server on a loopback port and returns that port.
func serve(t *testing.T, register func(*grpc.Server)) int {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	register(srv)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return lis.Addr().(*net.TCPAddr).Port
}

func dial(t *testing.T, port int) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", port), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// languageHost starts our host as the CLI would reach it and returns a client for it.
func languageHost(t *testing.T) pulumirpc.LanguageRuntimeClient {
	port := serve(t, func(s *grpc.Server) { pulumirpc.RegisterLanguageRuntimeServer(s, newHost("", "")) })
	return pulumirpc.NewLanguageRuntimeClient(dial(t, port))
}

// packDir makes a policy pack folder whose node_modules holds the given run-policy-pack script.
func packDir(t *testing.T, runPolicyPack string) string {
	dir := t.TempDir()
	if runPolicyPack != "" {
		mod := filepath.Join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack")
		if err := os.MkdirAll(mod, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(mod, "index.js"), []byte(runPolicyPack), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func analyzerRequest(t *testing.T, dir string, options map[string]any, env ...string) *pulumirpc.RunPluginRequest {
	opts, err := structpb.NewStruct(options)
	if err != nil {
		t.Fatal(err)
	}
	return &pulumirpc.RunPluginRequest{
		Kind: "analyzer",
		Pwd:  t.TempDir(),
		Args: []string{"--logtostderr", "127.0.0.1:1234"},
		Env:  append(os.Environ(), env...),
		Info: &pulumirpc.ProgramInfo{RootDirectory: dir, ProgramDirectory: dir, EntryPoint: ".", Options: opts},
	}
}

// pluginOutput collects what a RunPlugin stream sends until it ends.
type pluginOutput struct {
	stdout chan string
	done   chan error
}

func readPlugin(stream pulumirpc.LanguageRuntime_RunPluginClient) *pluginOutput {
	out := &pluginOutput{stdout: make(chan string, 100), done: make(chan error, 1)}
	go func() {
		for {
			msg, err := stream.Recv()
			if err != nil {
				if errors.Is(err, io.EOF) {
					err = nil
				}
				out.done <- err
				return
			}
			if s := msg.GetStdout(); s != nil {
				out.stdout <- string(s)
			}
		}
	}()
	return out
}

// waitForStdout returns stdout up to and including the first line that contains want.
func (p *pluginOutput) waitForStdout(t *testing.T, want string) string {
	t.Helper()
	var seen strings.Builder
	deadline := time.After(20 * time.Second)
	for {
		select {
		case s := <-p.stdout:
			seen.WriteString(s)
			if strings.Contains(seen.String(), want) && strings.HasSuffix(seen.String(), "\n") {
				return seen.String()
			}
		case err := <-p.done:
			t.Fatalf("the plugin stream ended (%v) before stdout showed %q; it showed %q", err, want, seen.String())
		case <-deadline:
			t.Fatalf("stdout did not show %q within 20 s; it showed %q", want, seen.String())
		}
	}
}

// proxyClient reads the proxy's port, the stream's first stdout line, and connects to it.
func proxyClient(t *testing.T, out *pluginOutput) pulumirpc.AnalyzerClient {
	t.Helper()
	var port int
	if _, err := fmt.Sscanf(out.waitForStdout(t, ""), "%d\n", &port); err != nil || port == 0 {
		t.Fatalf("the first stdout line is not the proxy's port: %v", err)
	}
	return pulumirpc.NewAnalyzerClient(dial(t, port))
}

// fakePackRun is a RunPlugin of the fake pack: its analyzer, its output, the proxy, its report file.
type fakePackRun struct {
	dir, report string
	analyzer    *fakeAnalyzer
	out         *pluginOutput
	proxy       pulumirpc.AnalyzerClient
}

func startFakePack(ctx context.Context, t *testing.T, options map[string]any) *fakePackRun {
	r := &fakePackRun{dir: packDir(t, fakeRunPolicyPack), report: filepath.Join(t.TempDir(), "report.json")}
	r.analyzer = &fakeAnalyzer{configured: make(chan *pulumirpc.AnalyzerStackConfigureRequest, 1)}
	analyzerPort := serve(t, func(s *grpc.Server) { pulumirpc.RegisterAnalyzerServer(s, r.analyzer) })
	req := analyzerRequest(t, r.dir, options, "FAKE_REPORT="+r.report, fmt.Sprintf("FAKE_ANALYZER_PORT=%d", analyzerPort))
	stream, err := languageHost(t).RunPlugin(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	r.out = readPlugin(stream)
	r.proxy = proxyClient(t, r.out)
	return r
}

// readReport returns what the fake pack saw of its start.
func (r *fakePackRun) readReport(t *testing.T) packReport {
	t.Helper()
	raw, err := os.ReadFile(r.report)
	if err != nil {
		t.Fatal(err)
	}
	var got packReport
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestRunPluginStartsThePolicyPackBehindTheProxyAndKillsNodeOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The proxy announces itself first; node is not started before the stack is configured.
	run := startFakePack(ctx, t, map[string]any{"tsconfig": "tsconfig.policy.json"})
	dir, proxy, analyzer, out := run.dir, run.proxy, run.analyzer, run.out
	if _, err := os.Stat(run.report); !os.IsNotExist(err) {
		t.Fatalf("node ran before ConfigureStack (report: %v)", err)
	}
	stack := &pulumirpc.AnalyzerStackConfigureRequest{
		Organization: "acme", Project: "web", Stack: "dev", DryRun: true,
		Config: map[string]string{"voidvm:host": "10.0.0.5"},
	}
	if _, err := proxy.ConfigureStack(ctx, stack); err != nil {
		t.Fatal(err)
	}
	info, err := proxy.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	if info.GetName() != "fake-pack" {
		t.Errorf("GetAnalyzerInfo through the proxy = %q; want the pack's own answer, fake-pack", info.GetName())
	}
	select {
	case got := <-analyzer.configured:
		if got.GetStack() != "dev" || got.GetConfig()["voidvm:host"] != "10.0.0.5" {
			t.Errorf("the pack was configured with %v; want stack dev and voidvm:host", got)
		}
	case <-time.After(5 * time.Second):
		t.Error("the stack configuration was not forwarded to the pack")
	}
	out.waitForStdout(t, "pack says hello")

	got := run.readReport(t)
	if want := []string{"--logtostderr", "127.0.0.1:1234", dir}; strings.Join(got.Argv, " ") != strings.Join(want, " ") {
		t.Errorf("node's arguments after run-policy-pack = %q; want %q", got.Argv, want)
	}
	if got.Cwd != dir {
		t.Errorf("node ran in %q; want the pack directory %q", got.Cwd, dir)
	}
	if got.Organization != "acme" || got.Project != "web" || got.Stack != "dev" || got.DryRun != "true" {
		t.Errorf("stack environment = %+v; want acme/web/dev, dry run", got)
	}
	if got.Config != `{"voidvm:host":"10.0.0.5"}` {
		t.Errorf("PULUMI_CONFIG = %q", got.Config)
	}
	if got.Typescript != "true" || got.Tsconfig != "tsconfig.policy.json" {
		t.Errorf("PULUMI_NODEJS_TYPESCRIPT = %q, PULUMI_NODEJS_TSCONFIG_PATH = %q; want true and the tsconfig option", got.Typescript, got.Tsconfig)
	}

	cancel()
	deadline := time.Now().Add(10 * time.Second)
	for syscall.Kill(got.Pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("node (pid %d) still runs 10 s after the RunPlugin stream was cancelled", got.Pid)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestRunPluginHonoursTypescriptFalse(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	run := startFakePack(ctx, t, map[string]any{"typescript": false})
	// Without ConfigureStack (e.g. `pulumi policy publish`) the pack still starts, with no stack environment.
	if _, err := run.proxy.GetAnalyzerInfo(ctx, &emptypb.Empty{}); err != nil {
		t.Fatal(err)
	}
	got := run.readReport(t)
	if got.Typescript != "" || got.Stack != "" {
		t.Errorf("PULUMI_NODEJS_TYPESCRIPT = %q, PULUMI_NODEJS_STACK = %q; want neither set", got.Typescript, got.Stack)
	}
}

func TestRunPluginRefusesOtherPluginKinds(t *testing.T) {
	req := analyzerRequest(t, packDir(t, fakeRunPolicyPack), nil)
	req.Kind = "resource"
	stream, err := languageHost(t).RunPlugin(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	err = <-readPlugin(stream).done
	if status.Code(err) != codes.Unimplemented || !strings.Contains(err.Error(), `"resource"`) {
		t.Fatalf("RunPlugin of a resource plugin = %v; want Unimplemented naming the kind", err)
	}
}

func TestRunPluginWithoutThePulumiSdkSaysToInstallIt(t *testing.T) {
	dir := packDir(t, "")
	stream, err := languageHost(t).RunPlugin(context.Background(), analyzerRequest(t, dir, nil))
	if err != nil {
		t.Fatal(err)
	}
	err = <-readPlugin(stream).done
	if err == nil || !strings.Contains(err.Error(), "npm install") || !strings.Contains(err.Error(), dir) {
		t.Fatalf("RunPlugin without @pulumi/pulumi = %v; want an error that names the folder and `npm install`", err)
	}
}

func TestRunPluginReportsAPackThatDiesBeforeServing(t *testing.T) {
	dir := packDir(t, `console.error("boom: no policies"); process.exit(3);`)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stream, err := languageHost(t).RunPlugin(ctx, analyzerRequest(t, dir, nil))
	if err != nil {
		t.Fatal(err)
	}
	out := readPlugin(stream)
	proxy := proxyClient(t, out)
	if _, err := proxy.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{Stack: "dev"}); err != nil {
		t.Fatal(err)
	}
	if _, err := proxy.GetAnalyzerInfo(ctx, &emptypb.Empty{}); err == nil || ctx.Err() != nil {
		t.Fatalf("GetAnalyzerInfo of a pack that died = %v (context: %v); want a prompt error", err, ctx.Err())
	}
	if err := <-out.done; err == nil || !strings.Contains(err.Error(), dir) {
		t.Fatalf("RunPlugin of a pack that died = %v; want an error naming the pack", err)
	}
}
