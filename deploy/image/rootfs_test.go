//go:build nodeimage

package main

import (
	"archive/tar"
	"bytes"
	"debug/elf"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

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

// addDevices adds what a container runtime gives every container: the standard devices, and where
// unshare mounts /proc.
func addDevices(t *testing.T, root string) {
	t.Helper()
	os.MkdirAll(filepath.Join(root, "proc"), 0o555)
	os.MkdirAll(filepath.Join(root, "dev"), 0o755)
	for name, minor := range map[string]int{"null": 3, "zero": 5, "full": 7, "random": 8, "urandom": 9} {
		device := filepath.Join(root, "dev", name)
		if err := syscall.Mknod(device, syscall.S_IFCHR|0o666, 1<<8|minor); err != nil {
			t.Fatal(err)
		}
		os.Chmod(device, 0o666) // past the umask
	}
}
