package main

import (
	"io"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// pluginStreams are the stdout and stderr of a plugin, sent to the CLI as RunPlugin messages. A
// gRPC stream must not be sent on from two goroutines at once, and node's stdout and stderr are
// copied by two (three with the policy proxy's), so every send holds one lock.
func pluginStreams(server pulumirpc.LanguageRuntime_RunPluginServer) (stdout, stderr io.Writer) {
	var mu sync.Mutex
	send := func(msg *pulumirpc.RunPluginResponse) error {
		mu.Lock()
		defer mu.Unlock()
		return server.Send(msg)
	}
	stdout = streamWriter(func(b []byte) error {
		return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}})
	})
	stderr = streamWriter(func(b []byte) error {
		return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}})
	})
	return stdout, stderr
}

type streamWriter func([]byte) error

func (w streamWriter) Write(p []byte) (int, error) {
	// gRPC may keep the slice until it is sent; the caller may reuse it at once.
	if err := w(append([]byte(nil), p...)); err != nil {
		return 0, err
	}
	return len(p), nil
}
