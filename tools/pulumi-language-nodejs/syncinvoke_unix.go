//go:build !windows

// Synchronous invokes: older @pulumi/pulumi versions send `invoke` requests over two FIFOs
// in the directory passed as `--sync` (invoke_req: 4-byte big-endian length + protobuf
// ResourceInvokeRequest; invoke_res: the same framing for ResourceInvokeResponse). Current
// SDKs never open them. Protocol as in the official host's proxy.go (see main.go).
package main

import (
	"context"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"google.golang.org/protobuf/proto"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// serveSyncInvokes creates the FIFO pair and serves it until stop is called. It returns the directory.
func serveSyncInvokes(ctx context.Context, target pulumirpc.ResourceMonitorClient) (string, func(), error) {
	dir, err := os.MkdirTemp("", "pulumi-node-pipes")
	if err != nil {
		return "", nil, err
	}
	reqPath, resPath := filepath.Join(dir, "invoke_req"), filepath.Join(dir, "invoke_res")
	cleanup := func() { _ = os.RemoveAll(dir) }
	if err := syscall.Mkfifo(reqPath, 0o600); err != nil {
		cleanup()
		return "", nil, err
	}
	if err := syscall.Mkfifo(resPath, 0o600); err != nil {
		cleanup()
		return "", nil, err
	}
	// Opening read-write never blocks (Linux, macOS), so node may open its ends whenever it
	// likes, or never. Go puts FIFOs into its poller, so Close below unblocks a pending Read.
	reqFile, err := os.OpenFile(reqPath, os.O_RDWR, 0)
	if err != nil {
		cleanup()
		return "", nil, err
	}
	resFile, err := os.OpenFile(resPath, os.O_RDWR, 0)
	if err != nil {
		reqFile.Close()
		cleanup()
		return "", nil, err
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			var n uint32
			if err := binary.Read(reqFile, binary.BigEndian, &n); err != nil {
				return // closed on shutdown
			}
			buf := make([]byte, n)
			if _, err := io.ReadFull(reqFile, buf); err != nil {
				return
			}
			var req pulumirpc.ResourceInvokeRequest
			if err := proto.Unmarshal(buf, &req); err != nil {
				logging.V(5).Infof("sync invoke: bad request: %v", err)
				return
			}
			res, err := target.Invoke(ctx, &req)
			if err != nil {
				// The pipe protocol has no error channel: report the error as a check failure,
				// which the SDK turns into an exception.
				if res == nil {
					res = &pulumirpc.ResourceInvokeResponse{}
				}
				res.Failures = append(res.Failures, &pulumirpc.CheckFailure{Reason: err.Error()})
			}
			out, err := proto.Marshal(res)
			if err != nil {
				return
			}
			if err := binary.Write(resFile, binary.BigEndian, uint32(len(out))); err != nil {
				return
			}
			if _, err := resFile.Write(out); err != nil {
				return
			}
		}
	}()

	stop := func() {
		reqFile.Close()
		resFile.Close()
		<-done
		cleanup()
	}
	return dir, stop, nil
}
