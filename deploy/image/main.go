// Command image assembles Ardoise's container images without Docker or a registry: OCI image layouts
// (oci-layout, index.json, blobs) in one tarball each, run as a non-root user. Any OCI tool loads them:
// `podman load -i`, `skopeo copy oci-archive:...`.
//
// The SFU's, from its static binary:
//
//	CGO_ENABLED=0 go build -C media/sfu -o "$PWD/.run/ardoise-sfu" .
//	go run -C deploy/image . -binary "$PWD/.run/ardoise-sfu" -out "$PWD/.run/images/ardoise-sfu.tar"
//
// The node's, from the Maven build (cluster/target) and the JDK's jmods:
//
//	go run -C deploy/image . -node "$PWD/cluster/target" -out "$PWD/.run/images/ardoise.tar"
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	binary := flag.String("binary", "", "the SFU's static binary (CGO_ENABLED=0): writes the SFU's image")
	node := flag.String("node", "", "cluster/target after `mvn package`: writes the node's image")
	jvmOptions := flag.String("jvm-options", "", "the node's JVM options (default: jvm.options beside -node's directory)")
	jdk := flag.String("jdk", "", "the Java 17 JDK with jmods whose jlink and jdeps to use (default: the one of jlink on PATH)")
	out := flag.String("out", "", "the OCI image layout tarball to write")
	flag.Parse()
	if err := run(*binary, *node, *jvmOptions, *jdk, *out); err != nil {
		fmt.Fprintln(os.Stderr, "image:", err)
		os.Exit(1)
	}
}

func run(binary, node, jvmOptions, jdk, out string) error {
	if out == "" || (binary == "") == (node == "") {
		return fmt.Errorf("give -out and one of -binary (the SFU) or -node (cluster/target)")
	}
	if binary != "" {
		program, err := os.ReadFile(binary)
		if err != nil {
			return err
		}
		image, err := SfuImage(program)
		if err != nil {
			return err
		}
		return os.WriteFile(out, image, 0o644)
	}
	if jvmOptions == "" {
		jvmOptions = filepath.Join(node, "..", "jvm.options")
	}
	image, err := NodeImage(node, jvmOptions, jdk, os.TempDir())
	if err != nil {
		return err
	}
	for _, l := range image.layers {
		fmt.Printf("%-13s %6.1f MB (%.1f MB gzipped)\n", l.name, float64(l.unpacked)/1e6, float64(l.gzipped)/1e6)
	}
	return os.WriteFile(out, image.tarball, 0o644)
}
