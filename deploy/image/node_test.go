//go:build nodeimage

// The node's image needs the Maven build (cluster/target) and root (to unpack the layers with their
// owners and enter them): bin/test runs it after Maven, with `go test -tags nodeimage -run TestNodeImage`.
package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path"
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
	// What a container runtime gives every container: the standard devices (and /proc, mounted by unshare).
	os.MkdirAll(filepath.Join(root, "proc"), 0o555)
	os.MkdirAll(filepath.Join(root, "dev"), 0o755)
	for name, minor := range map[string]int{"null": 3, "zero": 5, "full": 7, "random": 8, "urandom": 9} {
		if err := syscall.Mknod(filepath.Join(root, "dev", name), syscall.S_IFCHR|0o666, 1<<8|minor); err != nil {
			t.Fatal(err)
		}
		os.Chmod(filepath.Join(root, "dev", name), 0o666)
	}

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
	status, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", java))
	for _, line := range strings.Split(string(status), "\n") {
		field := strings.Fields(line)
		if len(field) > 0 && (field[0] == "Uid:" || field[0] == "Gid:") && strings.Join(field[1:], " ") != "65532 65532 65532 65532" ||
			len(field) > 0 && field[0] == "Groups:" && len(field) > 1 {
			t.Errorf("the node runs as %q", line)
		}
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

// inImage is a command run as a container would run it: with root the unpacked image as its root
// directory, proc mounted in a mount namespace of its own, in a PID namespace of its own, as the image's
// user with no supplementary group, in the image's working directory, with exactly this environment.
func inImage(t *testing.T, root, user, dir string, env []string, command ...string) *exec.Cmd {
	t.Helper()
	uid, gid, _ := strings.Cut(user, ":")
	args := []string{"--mount", "--pid", "--fork", "--mount-proc=/proc", "--root=" + root, "--wd=" + dir,
		"--setgid=" + gid, "--setuid=" + uid, "--"}
	cmd := exec.Command("unshare", append(args, command...)...)
	cmd.Env = env
	return cmd
}

// childOf is the process that unshare forked: the image's first process.
func childOf(t *testing.T, pid int) int {
	t.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	var child int
	if _, scan := fmt.Sscan(string(raw), &child); err != nil || scan != nil {
		t.Fatalf("unshare's child: %v %v", err, scan)
	}
	return child
}

// checkLibraries: every ELF file of the image finds the libraries it needs in the image, where the
// dynamic loader looks (the runtime's own through their run path), and the loader its executables name.
func checkLibraries(t *testing.T, root string) {
	t.Helper()
	dirs := []string{"/lib64", LibraryDir, JavaHome + "/lib", JavaHome + "/lib/server"}
	checked := 0
	filepath.WalkDir(root, func(file string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		f, err := elf.Open(file)
		if err != nil {
			return nil // not an ELF file
		}
		defer f.Close()
		checked++
		for _, prog := range f.Progs {
			if prog.Type == elf.PT_INTERP {
				raw, _ := io.ReadAll(prog.Open())
				if _, err := os.Stat(filepath.Join(root, strings.TrimRight(string(raw), "\x00"))); err != nil {
					t.Errorf("%s: its loader %s is not in the image", file, raw)
				}
			}
		}
		needed, _ := f.ImportedLibraries()
		for _, name := range needed {
			found := slices.ContainsFunc(dirs, func(dir string) bool {
				_, err := os.Stat(filepath.Join(root, dir, name))
				return err == nil
			})
			if !found {
				t.Errorf("%s needs %s, which is not in the image", strings.TrimPrefix(file, root), name)
			}
		}
		return nil
	})
	if checked < 20 {
		t.Errorf("only %d ELF files in the image", checked)
	}
}

// names are the entries of a layer, directories with their trailing slash.
func names(t *testing.T, layer []byte) []string {
	t.Helper()
	var all []string
	tr := tar.NewReader(bytes.NewReader(layer))
	for {
		header, err := tr.Next()
		if err == io.EOF {
			return all
		}
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, header.Name)
	}
}

// unpack extracts a layer over root as a container runtime does, with modes and owners.
func unpack(t *testing.T, layer []byte, root string) {
	t.Helper()
	tr := tar.NewReader(bytes.NewReader(layer))
	for {
		header, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		name := path.Clean(header.Name)
		if strings.HasPrefix(name, "../") || path.IsAbs(name) || strings.Contains(path.Base(name), ".wh.") {
			t.Fatalf("entry %q", header.Name)
		}
		file := filepath.Join(root, name)
		mode := fs.FileMode(header.Mode).Perm()
		if header.Mode&0o1000 != 0 {
			mode |= fs.ModeSticky
		}
		switch header.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(file, 0o755)
		case tar.TypeReg:
			var content []byte
			if content, err = io.ReadAll(tr); err == nil {
				err = os.WriteFile(file, content, 0o600)
			}
		case tar.TypeSymlink:
			err = os.Symlink(header.Linkname, file)
		default:
			t.Fatalf("entry %q of type %c", header.Name, header.Typeflag)
		}
		if err == nil {
			err = os.Lchown(file, header.Uid, header.Gid)
		}
		if err == nil && header.Typeflag != tar.TypeSymlink {
			err = os.Chmod(file, mode)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

type cassandraProcess struct {
	ready  chan string
	failed chan error
}

// startCassandra starts a Cassandra as bin/ardoise-cluster does (CassandraMain, from the Maven build, on
// free ports in a temporary directory); wait returns its contact point once it answers.
func startCassandra(t *testing.T) cassandraProcess {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("java", "-cp", target+"/classes:"+target+"/lib/*", "app.ardoise.persistence.CassandraMain")
	cmd.Env = append(os.Environ(), "ARDOISE_CASSANDRA_DIR="+filepath.Join(dir, "data"),
		"ARDOISE_CASSANDRA_PORT="+port(freePort(t)), "ARDOISE_CASSANDRA_STORAGE_PORT="+port(freePort(t)))
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := cassandraProcess{make(chan string, 1), make(chan error, 1)}
	go func() {
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			if contactPoint, ok := strings.CutPrefix(lines.Text(), "cassandra ready on "); ok {
				c.ready <- contactPoint
			}
		}
		c.failed <- errors.Join(cmd.Wait(), errors.New(stderr.String()))
	}()
	t.Cleanup(func() {
		// CassandraMain's shutdown hook stops Cassandra's JVM.
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-c.failed:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
		}
	})
	return c
}

func (c cassandraProcess) wait(t *testing.T) string {
	t.Helper()
	select {
	case contactPoint := <-c.ready:
		return contactPoint
	case err := <-c.failed:
		t.Fatalf("Cassandra did not start: %v", err)
	case <-time.After(180 * time.Second):
		t.Fatal("Cassandra did not answer in 180 s")
	}
	return ""
}

// startSfu runs the SFU (media/sfu) on free ports; the node's gRPC client reaches it over loopback.
func startSfu(t *testing.T) string {
	t.Helper()
	binary := filepath.Join(t.TempDir(), "ardoise-sfu")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Dir = filepath.Join("..", "..", "media", "sfu")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	grpc := freePort(t)
	sfu := exec.Command(binary, "-grpc-addr="+grpc, "-metrics-addr="+freePort(t), "-udp-addr=127.0.0.1:0")
	if err := sfu.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sfu.Process.Kill()
		sfu.Wait()
	})
	return grpc
}

func get(url string) string {
	response, err := http.Get(url)
	if err != nil {
		return err.Error()
	}
	defer response.Body.Close()
	body, _ := io.ReadAll(response.Body)
	return strings.TrimSpace(string(body))
}

func port(address string) string {
	_, p, _ := strings.Cut(address, ":")
	return p
}
