package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
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
	image, err := Build(program)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Build(program)
	if !bytes.Equal(image, again) {
		t.Error("two builds of one binary differ")
	}

	files := untar(t, image)
	if string(files["oci-layout"]) != `{"imageLayoutVersion":"1.0.0"}` {
		t.Errorf("oci-layout: %q", files["oci-layout"])
	}
	var index struct{ Manifests []descriptor }
	decode(t, files["index.json"], &index)
	if len(index.Manifests) != 1 {
		t.Fatalf("index: %+v", index)
	}
	var manifest struct {
		Config descriptor
		Layers []descriptor
	}
	decode(t, blob(t, files, index.Manifests[0]), &manifest)
	var config struct {
		Architecture, OS string
		Config           struct {
			User       string
			Entrypoint []string
		}
		RootFS struct {
			DiffIDs []string `json:"diff_ids"`
		}
	}
	decode(t, blob(t, files, manifest.Config), &config)
	if config.Config.User == "" || config.Config.User == "0" || config.Config.User[:2] == "0:" || config.Config.User == "root" {
		t.Errorf("runs as %q", config.Config.User)
	}
	if fmt.Sprint(config.Config.Entrypoint) != "["+Entrypoint+"]" || config.OS != "linux" {
		t.Errorf("config %+v", config)
	}
	if len(manifest.Layers) != 1 || len(config.RootFS.DiffIDs) != 1 {
		t.Fatalf("layers %+v, diff ids %v", manifest.Layers, config.RootFS.DiffIDs)
	}
	zr, err := gzip.NewReader(bytes.NewReader(blob(t, files, manifest.Layers[0])))
	if err != nil {
		t.Fatal(err)
	}
	layer, _ := io.ReadAll(zr)
	if sum := sha256.Sum256(layer); "sha256:"+hex.EncodeToString(sum[:]) != config.RootFS.DiffIDs[0] {
		t.Error("the layer's diff id does not match it")
	}
	root := untar(t, layer)
	if len(root) != 1 || !bytes.Equal(root[Entrypoint[1:]], program) {
		t.Fatalf("the layer holds %d files, not the binary alone", len(root))
	}

	unpacked := filepath.Join(dir, "rootfs")
	os.MkdirAll(unpacked, 0o755)
	entrypoint := filepath.Join(unpacked, Entrypoint)
	if err := os.WriteFile(entrypoint, root[Entrypoint[1:]], 0o755); err != nil {
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

func untar(t *testing.T, archive []byte) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	tr := tar.NewReader(bytes.NewReader(archive))
	for {
		header, err := tr.Next()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		content, _ := io.ReadAll(tr)
		files[header.Name] = content
	}
}

// blob is the content a descriptor points to, once its digest and size are checked.
func blob(t *testing.T, files map[string][]byte, d descriptor) []byte {
	t.Helper()
	content, ok := files["blobs/sha256/"+d.Digest[len("sha256:"):]]
	sum := sha256.Sum256(content)
	if !ok || "sha256:"+hex.EncodeToString(sum[:]) != d.Digest || len(content) != d.Size {
		t.Fatalf("blob %s missing or not matching its digest", d.Digest)
	}
	return content
}

func decode(t *testing.T, raw []byte, into any) {
	t.Helper()
	if err := json.Unmarshal(raw, into); err != nil {
		t.Fatal(err)
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
