//go:build nodeimage

// The node's image needs the Maven build (cluster/target) and root (to unpack the layers with their
// owners and enter them): bin/test runs it after Maven, with `go test -tags nodeimage -run TestNodeImage`.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

const target = "../../cluster/target"

// The node's image, built from the Maven build and the JDK here, read back as an OCI runtime would: every
// blob matches its digest, the config runs java with cluster/jvm.options as a non-root user, each layer
// holds its part alone. Then its layers, unpacked into a directory, are the root of a process that
// installs the schema into a Cassandra and of the node itself, run as the image's user, with its
// environment, in a PID namespace of its own: the node answers ready with its SFU up, and drains on
// SIGTERM. Nothing of this machine is reachable to them but the network: the image carries everything.
func TestNodeImage(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Fatal("unpacking the layers with their owners and entering them (unshare --root) needs root")
	}
	cassandra := startCassandra(t) // while the image builds: both take most of a minute

	started := time.Now()
	image, err := NodeImage(target, filepath.Join(target, "..", "jvm.options"), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range image.layers {
		t.Logf("layer %-12s %6.1f MB, %6.1f MB gzipped", l.name, float64(l.unpacked)/1e6, float64(l.gzipped)/1e6)
	}
	t.Logf("image built in %s", time.Since(started).Round(time.Second))

	read := openImage(t, image.tarball)
	config := read.config.Config
	checkNonRoot(t, config.User)
	options, err := readJvmOptions(filepath.Join(target, "..", "jvm.options"))
	if err != nil {
		t.Fatal(err)
	}
	if want := nodeCommand(options); !slices.Equal(config.Entrypoint, want) || len(config.Cmd) != 0 {
		t.Errorf("entrypoint %q, cmd %q; want the entrypoint %q", config.Entrypoint, config.Cmd, want)
	}
	if !slices.Contains(config.Entrypoint, "-Xmx1g") {
		t.Errorf("the entrypoint %q lacks cluster/jvm.options' heap", config.Entrypoint)
	}
	for _, variable := range []string{"LANG=C.UTF-8", "JAVA_HOME=/opt/java", "ARDOISE_HTTP_HOST=0.0.0.0"} {
		if !slices.Contains(config.Env, variable) {
			t.Errorf("env %q lacks %s", config.Env, variable)
		}
	}
	if read.config.OS != "linux" || read.config.Architecture != "amd64" || config.WorkingDir != "/app" {
		t.Errorf("config %+v", read.config)
	}

	// An OCI implementation of others reads it too: skopeo checks every blob's digest as it copies them.
	archive := filepath.Join(t.TempDir(), "ardoise.tar")
	if err := os.WriteFile(archive, image.tarball, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("skopeo", "copy", "oci-archive:"+archive, "dir:"+filepath.Join(t.TempDir(), "copy")).CombinedOutput(); err != nil {
		t.Errorf("skopeo copy: %v\n%s", err, out)
	}
	var inspected struct{ Config struct{ Entrypoint []string } }
	if out, err := exec.Command("skopeo", "inspect", "--config", "oci-archive:"+archive).Output(); err != nil {
		t.Errorf("skopeo inspect: %v", err)
	} else if decode(t, out, &inspected); !slices.Equal(inspected.Config.Entrypoint, config.Entrypoint) {
		t.Errorf("skopeo reads the entrypoint %q", inspected.Config.Entrypoint)
	}

	if len(read.layers) != 4 {
		t.Fatalf("%d layers, not system, runtime, dependencies, application", len(read.layers))
	}
	inLayer := func(i int, belongs func(name string) bool) {
		for _, name := range names(t, read.layers[i]) {
			if !belongs(name) {
				t.Errorf("layer %s holds %s", image.layers[i].name, name)
			}
		}
	}
	inLayer(0, func(name string) bool {
		return slices.ContainsFunc([]string{"etc/", "home/", "tmp/", "lib64/", "usr/"}, func(dir string) bool { return strings.HasPrefix(name, dir) })
	})
	inLayer(1, func(name string) bool { return strings.HasPrefix(name, "opt/") })
	appDir := func(name string) bool { return name == "app/" || name == "app/lib/" }
	ours := func(name string) bool { return strings.HasPrefix(name, "app/lib/ardoise-") }
	inLayer(2, func(name string) bool { return appDir(name) || strings.HasPrefix(name, "app/lib/") && !ours(name) })
	inLayer(3, func(name string) bool { return appDir(name) || ours(name) || name == NodeJar[1:] })

	root := filepath.Join(t.TempDir(), "rootfs")
	for _, layer := range read.layers {
		unpack(t, layer, root)
	}
	for _, shell := range []string{"bin/sh", "bin/bash", "usr/bin/sh"} {
		if _, err := os.Lstat(filepath.Join(root, shell)); err == nil {
			t.Errorf("the image has a shell: /%s", shell)
		}
	}
	checkLibraries(t, root)
	if font, err := os.Stat(filepath.Join(root, ExportFont)); err != nil || font.Size() < 100_000 {
		t.Errorf("the PDF export's font is not in the image: %v", err)
	}
	addDevices(t, root)

	contactPoint := cassandra.wait(t)
	settings := []string{"ARDOISE_CASSANDRA_CONTACT_POINTS=" + contactPoint}
	schema := inImage(t, root, config.User, config.WorkingDir, append(config.Env, settings...),
		config.Entrypoint[0], "-cp", NodeJar+":"+NodeLib+"/*", "app.ardoise.persistence.SchemaInstaller")
	if out, err := schema.CombinedOutput(); err != nil {
		t.Fatalf("SchemaInstaller from the image: %v\n%s", err, out)
	}

	sfu := startSfu(t)
	listen, remote, management := freePort(t), freePort(t), freePort(t)
	settings = append(settings,
		// The test's node listens on the loopback only, the image's default being every address.
		"ARDOISE_HTTP_HOST=127.0.0.1", "ARDOISE_HTTP_PORT="+port(listen),
		"ARDOISE_REMOTE_PORT="+port(remote), "ARDOISE_MANAGEMENT_PORT="+port(management),
		"ARDOISE_API_KEY=image-test-api-key-0123456789", "ARDOISE_TOKEN_SECRET=image-test-token-secret-0123456789abcdef",
		"ARDOISE_MEDIA_ENABLED=on", "ARDOISE_SFU_TARGET="+sfu, "ARDOISE_WARM_UP_CONNECTIONS=50")
	node := inImage(t, root, config.User, config.WorkingDir, append(config.Env, settings...), config.Entrypoint...)
	var log bytes.Buffer
	node.Stdout, node.Stderr = &log, &log
	if err := node.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- node.Wait() }()
	running := true
	defer func() {
		if running {
			node.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("the node's output:\n%s", log.String())
		}
	}()

	started = time.Now()
	ready := "ready; media: up"
	for body := ""; body != ready; {
		select {
		case err := <-exited:
			running = false
			t.Fatalf("the node exited: %v", err)
		case <-time.After(500 * time.Millisecond):
		}
		if time.Since(started) > 180*time.Second {
			t.Fatalf("the node did not answer %q in 180 s; it last answered %q", ready, body)
		}
		body = get("http://" + listen + "/health/ready")
	}
	t.Logf("the node from the image was ready in %s", time.Since(started).Round(100*time.Millisecond))

	java := childOf(t, node.Process.Pid)
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", java))
	if err != nil {
		t.Fatal(err)
	}
	identity := map[string]string{}
	for _, line := range strings.Split(string(status), "\n") {
		if field, value, ok := strings.Cut(line, ":"); ok {
			identity[field] = strings.Join(strings.Fields(value), " ")
		}
	}
	// Real, effective, saved and file system ids all the image's user's, and no other group.
	if identity["Uid"] != "65532 65532 65532 65532" || identity["Gid"] != "65532 65532 65532 65532" || identity["Groups"] != "" {
		t.Errorf("the node runs as uid %q, gid %q, groups %q", identity["Uid"], identity["Gid"], identity["Groups"])
	}

	// What Kubernetes does to a pod it stops: SIGTERM to the container's first process, the drain.
	stopping := time.Now()
	syscall.Kill(java, syscall.SIGTERM)
	select {
	case err := <-exited:
		running = false
		// 143 (128 + SIGTERM): the JVM's status when a signal ends it, once its shutdown hooks have run.
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 143 || !strings.Contains(log.String(), "Successfully shut down") {
			t.Errorf("the node ended with %v after SIGTERM, without leaving the cluster", err)
		}
		t.Logf("the node drained and exited in %s", time.Since(stopping).Round(100*time.Millisecond))
	case <-time.After(60 * time.Second):
		t.Error("the node had not exited 60 s after SIGTERM")
	}
}
