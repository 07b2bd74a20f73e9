// Command image assembles the SFU's container image without Docker or a registry: an OCI image layout
// (oci-layout, index.json, blobs) in one tarball, whose only layer holds the SFU's static binary, run
// as a non-root user. Any OCI tool loads it: `podman load -i`, `skopeo copy oci-archive:...`.
//
//	CGO_ENABLED=0 go build -o /tmp/ardoise-sfu ./media/sfu
//	go run ./deploy/image -binary /tmp/ardoise-sfu -out .run/images/ardoise-sfu.tar
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"time"
)

// Entrypoint is where the binary lies in the image, and what it runs.
const Entrypoint = "/ardoise-sfu"

// User is the image's user and group: no name needed, and no root.
const User = "65532:65532"

type descriptor struct {
	MediaType string `json:"mediaType"`
	Digest    string `json:"digest"`
	Size      int    `json:"size"`
}

func main() {
	binary := flag.String("binary", "", "the SFU's static binary (CGO_ENABLED=0)")
	out := flag.String("out", "ardoise-sfu.tar", "the OCI image layout tarball to write")
	flag.Parse()
	program, err := os.ReadFile(*binary)
	if err == nil {
		err = write(program, *out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "image:", err)
		os.Exit(1)
	}
}

func write(program []byte, out string) error {
	image, err := Build(program)
	if err != nil {
		return err
	}
	return os.WriteFile(out, image, 0o644)
}

// Build returns the image layout tarball for this binary. Timestamps are fixed, so the same binary
// always gives the same image digest.
func Build(program []byte) ([]byte, error) {
	layer, err := tarball(map[string]file{Entrypoint[1:]: {program, 0o755}})
	if err != nil {
		return nil, err
	}
	diffID := sha256.Sum256(layer)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	if _, err := zw.Write(layer); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	config, _ := json.Marshal(map[string]any{
		"architecture": "amd64",
		"os":           "linux",
		"config": map[string]any{
			"User":       User,
			"Entrypoint": []string{Entrypoint},
			// Every setting is a flag; the Deployment's args fill them from its environment.
			"ExposedPorts": map[string]any{"50051/tcp": map[string]any{}, "9095/tcp": map[string]any{}, "5000/udp": map[string]any{}},
		},
		"rootfs": map[string]any{"type": "layers", "diff_ids": []string{"sha256:" + hex.EncodeToString(diffID[:])}},
	})
	blobs := map[string]file{}
	add := func(mediaType string, content []byte) descriptor {
		sum := sha256.Sum256(content)
		blobs["blobs/sha256/"+hex.EncodeToString(sum[:])] = file{content, 0o644}
		return descriptor{mediaType, "sha256:" + hex.EncodeToString(sum[:]), len(content)}
	}
	manifest, _ := json.Marshal(map[string]any{
		"schemaVersion": 2,
		"mediaType":     "application/vnd.oci.image.manifest.v1+json",
		"config":        add("application/vnd.oci.image.config.v1+json", config),
		"layers":        []descriptor{add("application/vnd.oci.image.layer.v1.tar+gzip", gz.Bytes())},
	})
	index, _ := json.Marshal(map[string]any{
		"schemaVersion": 2,
		"manifests":     []descriptor{add("application/vnd.oci.image.manifest.v1+json", manifest)},
	})
	blobs["index.json"] = file{index, 0o644}
	blobs["oci-layout"] = file{[]byte(`{"imageLayoutVersion":"1.0.0"}`), 0o644}
	return tarball(blobs)
}

type file struct {
	content []byte
	mode    int64
}

func tarball(files map[string]file) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		f := files[name]
		header := &tar.Header{Name: name, Mode: f.mode, Size: int64(len(f.content)), ModTime: time.Unix(0, 0), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(header); err != nil {
			return nil, err
		}
		if _, err := tw.Write(f.content); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
