package main

import (
	"bytes"
	"debug/elf"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// The SFU's image, built from its static binary, read back as an OCI runtime would: every blob matches
// its digest, the config runs the entrypoint as a non-root user, the only layer holds the binary alone,
// and that binary, unpacked from the layer, starts and answers its health check.
func TestSfuImage(t *testing.T) {
	dir := t.TempDir()
	binary := filepath.Join(dir, "ardoise-sfu")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Dir = filepath.Join("..", "..", "media", "sfu")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	program, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	image, err := SfuImage(program)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := SfuImage(program)
	if !bytes.Equal(image, again) {
		t.Error("two builds of one binary differ")
	}

	read := openImage(t, image)
	checkNonRoot(t, read.config.Config.User)
	if fmt.Sprint(read.config.Config.Entrypoint) != "["+SfuEntrypoint+"]" || read.config.OS != "linux" {
		t.Errorf("config %+v", read.config)
	}
	if len(read.layers) != 1 {
		t.Fatalf("%d layers", len(read.layers))
	}
	root := untar(t, read.layers[0])
	if len(root) != 1 || !bytes.Equal(root[SfuEntrypoint[1:]], program) {
		t.Fatalf("the layer holds %d files, not the binary alone", len(root))
	}

	unpacked := filepath.Join(dir, "rootfs")
	os.MkdirAll(unpacked, 0o755)
	entrypoint := filepath.Join(unpacked, SfuEntrypoint)
	if err := os.WriteFile(entrypoint, root[SfuEntrypoint[1:]], 0o755); err != nil {
		t.Fatal(err)
	}
	// Nothing else is in the image: no libc, no loader.
	executable, err := elf.Open(entrypoint)
	if err != nil {
		t.Fatal(err)
	}
	for _, prog := range executable.Progs {
		if prog.Type == elf.PT_INTERP {
			t.Error("the binary needs a dynamic loader, which the image does not have")
		}
	}
	executable.Close()
	metrics := freePort(t)
	sfu := exec.Command(entrypoint, "-grpc-addr=127.0.0.1:0", "-metrics-addr="+metrics, "-udp-addr=127.0.0.1:0")
	if err := sfu.Start(); err != nil {
		t.Fatal(err)
	}
	defer sfu.Process.Kill()
	deadline := time.Now().Add(30 * time.Second)
	for {
		response, err := http.Get("http://" + metrics + "/healthz")
		if err == nil && response.StatusCode == http.StatusOK {
			response.Body.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the unpacked entrypoint did not answer /healthz: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
