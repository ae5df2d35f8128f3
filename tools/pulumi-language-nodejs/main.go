// pulumi-language-nodejs: a minimal Pulumi language host for Node.js programs.
//
// This is our own, smaller re-implementation of the official language host
// (github.com/pulumi/pulumi, sdk/nodejs/cmd/pulumi-language-nodejs, Apache-2.0,
// Copyright 2016 Pulumi Corporation), which the Go module proxy does not serve.
// The command line it passes to `@pulumi/pulumi/cmd/run`, the environment
// variables (PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS, PULUMI_NODEJS_TYPESCRIPT,
// PULUMI_NODEJS_TSCONFIG_PATH), the config key rewriting, the exit code 32
// ("already reported") handling and the synchronous-invoke pipe protocol follow
// that reference, and so does RunPlugin for policy packs (plugin.go). Code
// generation, packing, linking, debugger attach, Bun, other plugin kinds and
// dependency installation are not implemented.
//
// Plugin protocol: the Pulumi CLI starts this executable with the engine's gRPC
// address as the first positional argument (plus optional logging/tracing
// flags), reads the port of our gRPC server from the first line of stdout, and
// then calls the pulumirpc.LanguageRuntime service on 127.0.0.1:<port>.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"google.golang.org/grpc"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func main() {
	var tracing string
	flag.StringVar(&tracing, "tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	runtimeName := flag.String("runtime", "nodejs", "Runtime for the program; only `nodejs` is supported")
	showVersion := flag.Bool("version", false, "Print the plugin version and exit")
	flag.Parse() // glog's -v / --logtostderr flags are registered by the logging package
	if version.Version == "" {
		version.Version = "v0.0.0-minimal" // normally set with -ldflags by scripts/build-pulumi-cli.sh
	}
	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	logging.InitLogging(false, 0, false)
	if *runtimeName != "nodejs" {
		cmdutil.Exit(fmt.Errorf("unsupported runtime %q: this minimal language host only supports nodejs", *runtimeName))
	}

	var engineAddress string
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[0]
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	cancelServer := make(chan bool)
	go func() {
		<-ctx.Done()
		stop()
		close(cancelServer)
	}()

	if engineAddress != "" {
		// Shut down if the engine goes away.
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start health check: %w", err))
		}
	}

	host := newHost(engineAddress, tracing)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelServer,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.TracingServerInterceptorOptions(nil),
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start language host RPC server: %w", err))
	}

	// Tell the CLI where to reach us.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host RPC stopped serving: %w", err))
	}
}
