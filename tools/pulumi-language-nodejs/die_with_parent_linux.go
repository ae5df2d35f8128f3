package main

import (
	"os/exec"
	"syscall"
)

// dieWithParent asks the kernel to kill the child when this process dies, so that a policy pack's
// node never outlives a language host that the CLI killed.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
