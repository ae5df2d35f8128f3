//go:build !linux

package main

import "os/exec"

// dieWithParent: only Linux can tie a child's life to its parent's; elsewhere cancelling the
// RunPlugin stream is what stops node.
func dieWithParent(*exec.Cmd) {}
