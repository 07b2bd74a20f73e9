package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// JavaHome is where the node's Java runtime lies in its image.
const JavaHome = "/opt/java"

// reflectiveModules are modules the jars reach only through service loading or by class name, which
// jdeps cannot see.
var reflectiveModules = []string{
	// SunEC: the elliptic curves of TLS's key exchange, without which the Kubernetes API (Cluster
	// Bootstrap) or an OpenID provider over HTTPS cannot be reached.
	"jdk.crypto.ec",
	// JNDI's DNS provider, which gRPC (the SFU's client), the Cassandra driver and Pekko's resolver
	// look up by class name.
	"jdk.naming.dns",
}

// headlessOnly are libraries of java.desktop a server never loads: the node draws into images, never on a
// screen (java.awt.headless is the default without DISPLAY) and plays no sound. Kept, they would need
// X11 and ALSA in the image.
var headlessOnly = []string{"lib/libawt_xawt.so", "lib/libjawt.so", "lib/libsplashscreen.so", "lib/libjsound.so"}

// javaRuntime links, with the JDK's jlink, a Java runtime of the modules the jars need, and returns its
// files under JavaHome. work is a directory for jlink's output, removed afterwards.
func javaRuntime(jdk string, jars []string, work string) ([]entry, error) {
	jdk, err := findJdk(jdk)
	if err != nil {
		return nil, err
	}
	modules, err := requiredModules(jdk, jars)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(work, "ardoise-runtime-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	output := filepath.Join(dir, "java")
	link := exec.Command(filepath.Join(jdk, "bin", "jlink"), "--module-path", filepath.Join(jdk, "jmods"),
		"--add-modules", strings.Join(modules, ","), "--strip-debug", "--no-header-files", "--no-man-pages",
		"--output", output)
	if out, err := link.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("jlink: %v\n%s", err, out)
	}
	var entries []entry
	err = filepath.WalkDir(output, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		relative, _ := filepath.Rel(output, path)
		if slices.Contains(headlessOnly, relative) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		name := filepath.Join(JavaHome[1:], relative)
		if d.IsDir() {
			entries = append(entries, directory(name, 0o755))
			return nil
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			// The legal notices of most modules are links to java.base's.
			target, err := os.Readlink(path)
			entries = append(entries, symlink(name, target))
			return err
		}
		if !info.Mode().IsRegular() {
			return fmt.Errorf("jlink wrote %s, neither a file, a directory nor a link", relative)
		}
		content, err := os.ReadFile(path)
		entries = append(entries, regular(name, int64(info.Mode().Perm()), content))
		return err
	})
	return entries, err
}

// findJdk is the JDK given, or the one whose jlink is on PATH; it must have the jmods jlink links from
// (on Debian 12, openjdk-17-jdk-headless has them).
func findJdk(jdk string) (string, error) {
	if jdk == "" {
		jlink, err := exec.LookPath("jlink")
		if err != nil {
			return "", fmt.Errorf("no jlink on PATH: give -jdk")
		}
		if jlink, err = filepath.EvalSymlinks(jlink); err != nil {
			return "", err
		}
		jdk = filepath.Dir(filepath.Dir(jlink))
	}
	// The node is built and tested on Java 17 (the root pom's release).
	release, err := os.ReadFile(filepath.Join(jdk, "release"))
	if err != nil || !bytes.Contains(release, []byte(`JAVA_VERSION="17.`)) {
		return "", fmt.Errorf("%s is not a Java 17 JDK: give -jdk one", jdk)
	}
	if _, err := os.Stat(filepath.Join(jdk, "jmods", "java.base.jmod")); err != nil {
		return "", fmt.Errorf("%s has no jmods/java.base.jmod, which jlink needs: give -jdk a Java 17 JDK with its jmods", jdk)
	}
	return jdk, nil
}

// requiredModules are the modules that jdeps finds the jars' classes use, and the reflective ones.
func requiredModules(jdk string, jars []string) ([]string, error) {
	args := append([]string{"--multi-release", "17", "--ignore-missing-deps", "--print-module-deps"}, jars...)
	deps := exec.Command(filepath.Join(jdk, "bin", "jdeps"), args...)
	var stderr bytes.Buffer
	deps.Stderr = &stderr
	out, err := deps.Output()
	if err != nil {
		return nil, fmt.Errorf("jdeps: %v\n%s", err, stderr.Bytes())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	modules := append(strings.Split(strings.TrimSpace(lines[len(lines)-1]), ","), reflectiveModules...)
	slices.Sort(modules)
	return slices.Compact(modules), nil
}
