//go:build windows

package main

import (
	"context"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// serveSyncInvokes is not implemented on Windows (named pipes); no --sync directory is passed.
func serveSyncInvokes(context.Context, pulumirpc.ResourceMonitorClient) (string, func(), error) {
	return "", func() {}, nil
}
