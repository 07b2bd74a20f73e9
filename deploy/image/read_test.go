package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"strings"
	"testing"
)

// readImage is an image layout read back as an OCI runtime would, every blob checked against its digest.
type readImage struct {
	config struct {
		Architecture, OS string
		Config           struct {
			User       string
			Entrypoint []string
			Cmd        []string
			Env        []string
			WorkingDir string
		}
		RootFS struct {
			DiffIDs []string `json:"diff_ids"`
		}
	}
	layers [][]byte // each layer's tar, uncompressed, the first at the bottom
}

func openImage(t *testing.T, image []byte) readImage {
	t.Helper()
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
	var read readImage
	decode(t, blob(t, files, manifest.Config), &read.config)
	if len(manifest.Layers) != len(read.config.RootFS.DiffIDs) {
		t.Fatalf("layers %+v, diff ids %v", manifest.Layers, read.config.RootFS.DiffIDs)
	}
	for i, d := range manifest.Layers {
		zr, err := gzip.NewReader(bytes.NewReader(blob(t, files, d)))
		if err != nil {
			t.Fatal(err)
		}
		layer, _ := io.ReadAll(zr)
		if sum := sha256.Sum256(layer); "sha256:"+hex.EncodeToString(sum[:]) != read.config.RootFS.DiffIDs[i] {
			t.Errorf("layer %d's diff id does not match it", i)
		}
		read.layers = append(read.layers, layer)
	}
	return read
}

func checkNonRoot(t *testing.T, user string) {
	t.Helper()
	if user == "" || user == "0" || strings.HasPrefix(user, "0:") || user == "root" {
		t.Errorf("runs as %q", user)
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
