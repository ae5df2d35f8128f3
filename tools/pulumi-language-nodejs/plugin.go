// The RunPlugin RPC: runs a Node.js policy pack (kind "analyzer") for `pulumi preview --policy-pack`.
// Written after the official host's RunPlugin (see main.go for the origin of this code).
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// The SDK's entry point for policy packs, resolved from the pack directory.
const policyPackRunPath = "@pulumi/pulumi/cmd/run-policy-pack"

// RunPlugin runs a policy pack: `node [nodeargs] <run-policy-pack> <args...> <pack dir>` in the pack
// directory, behind the SDK's PolicyProxy. The proxy is the analyzer the CLI talks to: it prints its
// own port first, waits for ConfigureStack, and only then is node started, with the stack's
// organization, project, stack, dry-run flag and config in its environment; it then forwards every
// analyzer call to the port node prints. Cancelling the stream kills node.
func (h *nodeHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.GetKind() != string(apitype.AnalyzerPlugin) {
		return status.Errorf(codes.Unimplemented,
			"pulumi-language-nodejs (minimal) runs policy packs (plugin kind %q) only, not plugins of kind %q",
			apitype.AnalyzerPlugin, req.GetKind())
	}
	ctx := server.Context()
	packDir := req.GetInfo().GetProgramDirectory()
	if packDir == "" {
		return errors.New("RunPlugin: the request names no policy pack directory (info.programDirectory)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	opts, err := parseRuntimeOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return err
	}
	runPath, err := resolveModule(ctx, node, packDir, policyPackRunPath)
	if err != nil {
		return fmt.Errorf("policy pack %s: %w", packDir, err)
	}
	args, err := splitArgs(opts.nodeargs)
	if err != nil {
		return fmt.Errorf("nodeargs: %w", err)
	}
	// The pack directory comes last for policy packs (other plugins take it first).
	args = append(append(append(args, runPath), req.GetArgs()...), packDir)

	env := req.GetEnv()
	if len(env) == 0 {
		env = os.Environ()
	}
	env = append([]string(nil), env...)
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}

	stdout, stderr := pluginStreams(server)
	proxy, packStdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start the policy pack proxy: %w", err)
	}
	stack, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get the stack configuration for the policy pack: %w", err)
	}
	stackEnv, err := policyPackStackEnv(stack)
	if err != nil {
		proxy.Abort(err)
		return err
	}
	env = append(env, stackEnv...)

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = packDir // policy packs have always run in their own directory
	cmd.Env = env
	cmd.Stdout = packStdout
	cmd.Stderr = stderr
	dieWithParent(cmd) // node never outlives this host as an orphan
	cmd.WaitDelay = 5 * time.Second
	logging.V(5).Infof("pulumi-language-nodejs: running policy pack %s %s", node, strings.Join(args, " "))

	if err := cmd.Start(); err != nil {
		proxy.Abort(err)
		return fmt.Errorf("could not run node for the policy pack: %w", err)
	}
	// Attach reads node's port, forwards the stack configuration and waits for node to exit (or
	// for the stream to be cancelled, which kills node through the command's context).
	if err := proxy.Attach(ctx, cmd); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return fmt.Errorf("policy pack %s exited with code %d", packDir, exitErr.ExitCode())
		}
		if ctx.Err() != nil {
			return status.FromContextError(ctx.Err()).Err()
		}
		return fmt.Errorf("policy pack %s: %w", packDir, err)
	}
	return nil
}

// policyPackStackEnv is what the pack learns of the stack: the environment variables the SDK's
// policy runtime reads (absent when the CLI sent no configuration).
func policyPackStackEnv(stack *pulumirpc.AnalyzerStackConfigureRequest) ([]string, error) {
	if stack == nil {
		return nil, nil
	}
	var env []string
	add := func(key, value string) {
		if value != "" {
			env = append(env, key+"="+value)
		}
	}
	add("PULUMI_NODEJS_ORGANIZATION", stack.GetOrganization())
	add("PULUMI_NODEJS_PROJECT", stack.GetProject())
	add("PULUMI_NODEJS_STACK", stack.GetStack())
	add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stack.GetDryRun()))
	if stack.GetConfig() != nil {
		configJSON, err := json.Marshal(stack.GetConfig())
		if err != nil {
			return nil, fmt.Errorf("could not serialize the stack configuration for the policy pack: %w", err)
		}
		add("PULUMI_CONFIG", string(configJSON))
	}
	return env, nil
}
