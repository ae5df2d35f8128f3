// The Run RPC: launches `node @pulumi/pulumi/cmd/run ...` for the program.
// See main.go for the origin of this code.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

const (
	// The SDK's entry point, resolved from the program directory.
	defaultRunPath = "@pulumi/pulumi/cmd/run"
	// Exit code of the SDK meaning "the error has already been shown to the user".
	exitCodeAlreadyReported = 32
)

// runtimeOptions are the `runtime.options` of Pulumi.yaml that we honour.
type runtimeOptions struct {
	typescript bool   // typescript: run .ts sources through ts-node (default true)
	tsconfig   string // tsconfig: path of the tsconfig.json to use
	nodeargs   string // nodeargs: extra arguments for node
}

func parseRuntimeOptions(m map[string]any) (runtimeOptions, error) {
	opts := runtimeOptions{typescript: true}
	if v, ok := m["typescript"]; ok {
		b, ok := v.(bool)
		if !ok {
			return opts, errors.New("typescript option must be a boolean")
		}
		opts.typescript = b
	}
	if v, ok := m["tsconfig"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("tsconfig option must be a string")
		}
		opts.tsconfig = s
	}
	if v, ok := m["nodeargs"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("nodeargs option must be a string")
		}
		opts.nodeargs = s
	}
	return opts, nil
}

func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	fail := func(err error) (*pulumirpc.RunResponse, error) {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	programDir := req.GetInfo().GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	entryPoint := req.GetInfo().GetEntryPoint()
	if entryPoint == "" {
		entryPoint = req.GetProgram()
	}
	if entryPoint == "" {
		entryPoint = "."
	}

	node, err := exec.LookPath("node")
	if err != nil {
		return fail(fmt.Errorf("could not find node on the $PATH: %w", err))
	}
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		runPath = defaultRunPath
	}
	runPath, err = resolveModule(ctx, node, programDir, runPath)
	if err != nil {
		return fail(err)
	}
	opts, err := parseRuntimeOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return fail(err)
	}
	configJSON, err := configEnv(req.GetConfig())
	if err != nil {
		return fail(fmt.Errorf("failed to serialize configuration: %w", err))
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return fail(fmt.Errorf("failed to serialize configuration secret keys: %w", err))
	}

	// Legacy synchronous invokes travel over a pair of FIFOs that we forward to the monitor.
	conn, err := grpc.NewClient(req.GetMonitorAddress(),
		grpc.WithTransportCredentials(insecure.NewCredentials()), rpcutil.GrpcChannelOptions())
	if err != nil {
		return fail(fmt.Errorf("could not connect to the resource monitor: %w", err))
	}
	defer conn.Close()
	syncDir, stopSync, err := serveSyncInvokes(ctx, pulumirpc.NewResourceMonitorClient(conn))
	if err != nil {
		return fail(fmt.Errorf("could not create the synchronous invoke pipes: %w", err))
	}
	defer stopSync()

	// Same command line as the official host: node [nodeargs] <run> --flags... <entry point> [args].
	args, err := splitArgs(opts.nodeargs)
	if err != nil {
		return fail(fmt.Errorf("nodeargs: %w", err))
	}
	args = append(args, runPath)
	flagArg := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagArg("monitor", req.GetMonitorAddress())
	flagArg("engine", h.engine())
	flagArg("sync", syncDir)
	flagArg("organization", req.GetOrganization())
	flagArg("project", req.GetProject())
	flagArg("root-directory", req.GetInfo().GetRootDirectory())
	flagArg("stack", req.GetStack())
	flagArg("pwd", programDir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flagArg("parallel", strconv.Itoa(int(req.GetParallel())))
	flagArg("tracing", h.tracing)
	// No --query-mode: query mode was removed from Pulumi, and the SDK's run entry point
	// would take an unknown flag's following word as its value.
	args = append(args, entryPoint)
	args = append(args, req.GetArgs()...)

	env := append(os.Environ(),
		"PULUMI_CONFIG="+configJSON,
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON))
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}

	// Stop node on the Cancel RPC or when the Run call itself is abandoned.
	cmdCtx, cmdCancel := context.WithCancel(h.runContext())
	defer cmdCancel()
	stopAfter := context.AfterFunc(ctx, cmdCancel)
	defer stopAfter()

	cmd := exec.CommandContext(cmdCtx, node, args...)
	cmd.Dir = programDir
	cmd.Env = env
	// Wrapped so that exec copies through a pipe instead of handing our fds to node, which
	// may switch them to non-blocking mode.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = 5 * time.Second
	logging.V(5).Infof("pulumi-language-nodejs: running %s %s", node, strings.Join(args, " "))

	err = cmd.Run()
	_ = os.Stdout.Sync()
	_ = os.Stderr.Sync()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() == exitCodeAlreadyReported:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() > 0:
		return fail(fmt.Errorf("Program exited with non-zero exit code: %d", exitErr.ExitCode()))
	case errors.As(err, &exitErr):
		return fail(fmt.Errorf("Program exited unexpectedly: %w", err))
	default:
		return fail(fmt.Errorf("Problem executing program (could not run node): %w", err))
	}
}

// resolveModule resolves a module specifier with node's resolution from the program directory.
func resolveModule(ctx context.Context, node, dir, mod string) (string, error) {
	script := fmt.Sprintf("try { console.log(require.resolve(%q)); } catch (e) { "+
		"console.error(e.code === 'MODULE_NOT_FOUND' ? %q : e.message); process.exit(1); }",
		mod, "It looks like the Pulumi SDK has not been installed. Have you run `npm install` in "+dir+"?")
	cmd := exec.CommandContext(ctx, node, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) && len(exitErr.Stderr) > 0 {
			return "", errors.New(strings.TrimSpace(string(exitErr.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// configEnv builds PULUMI_CONFIG. Keys are rewritten from `<ns>:<name>` to the legacy
// `<ns>:config:<name>` form, which every @pulumi/pulumi version understands.
func configEnv(cfg map[string]string) (string, error) {
	out := make(map[string]string, len(cfg))
	for k, v := range cfg {
		key, err := config.ParseKey(k)
		if err != nil {
			return "", err
		}
		out[key.Namespace()+":config:"+key.Name()] = v
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// splitArgs splits a command line on whitespace, honouring single and double quotes and backslashes.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg, escaped := false, false
	var quote rune
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\' && quote != '\'':
			escaped, inArg = true, true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inArg = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if quote != 0 || escaped {
		return nil, fmt.Errorf("unterminated quote or escape in %q", s)
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}
