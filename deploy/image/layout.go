package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

type descriptor struct {
	MediaType string `json:"mediaType"`
	Digest    string `json:"digest"`
	Size      int    `json:"size"`
}

// layer is one layer of an image, named for the report of its size.
type layer struct {
	name    string
	entries []entry
}

// built is an image layout tarball and, for each layer in order, its name with its sizes.
type built struct {
	tarball []byte
	layers  []layerSize
}

type layerSize struct {
	name              string
	unpacked, gzipped int
}

// layout writes an OCI image layout (oci-layout, index.json, blobs) in one tarball: one manifest for
// linux/amd64 whose config runs as runtime says, over these layers, the first at the bottom.
func layout(runtime map[string]any, layers []layer) (built, error) {
	blobs := []entry{}
	add := func(mediaType string, content []byte) descriptor {
		sum := sha256.Sum256(content)
		blobs = append(blobs, regular("blobs/sha256/"+hex.EncodeToString(sum[:]), 0o644, content))
		return descriptor{mediaType, "sha256:" + hex.EncodeToString(sum[:]), len(content)}
	}
	var result built
	var diffIDs []string
	var descriptors []descriptor
	for _, l := range layers {
		content, err := tarball(l.entries)
		if err != nil {
			return built{}, err
		}
		diffID := sha256.Sum256(content)
		diffIDs = append(diffIDs, "sha256:"+hex.EncodeToString(diffID[:]))
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		if _, err := zw.Write(content); err != nil {
			return built{}, err
		}
		if err := zw.Close(); err != nil {
			return built{}, err
		}
		descriptors = append(descriptors, add("application/vnd.oci.image.layer.v1.tar+gzip", gz.Bytes()))
		result.layers = append(result.layers, layerSize{l.name, len(content), gz.Len()})
	}
	config, _ := json.Marshal(map[string]any{
		"architecture": "amd64",
		"os":           "linux",
		"config":       runtime,
		"rootfs":       map[string]any{"type": "layers", "diff_ids": diffIDs},
	})
	manifest, _ := json.Marshal(map[string]any{
		"schemaVersion": 2,
		"mediaType":     "application/vnd.oci.image.manifest.v1+json",
		"config":        add("application/vnd.oci.image.config.v1+json", config),
		"layers":        descriptors,
	})
	index, _ := json.Marshal(map[string]any{
		"schemaVersion": 2,
		"manifests":     []descriptor{add("application/vnd.oci.image.manifest.v1+json", manifest)},
	})
	blobs = append(blobs, regular("index.json", 0o644, index), regular("oci-layout", 0o644, []byte(`{"imageLayoutVersion":"1.0.0"}`)))
	var err error
	result.tarball, err = tarball(blobs)
	return result, err
}
