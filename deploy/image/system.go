package main

import (
	"io/fs"
	"os"
	"path/filepath"
)

// Locale is the one locale in the image, glibc's C.UTF-8 (its files: glibc 2.36 builds only C in).
const Locale = "/usr/lib/locale/C.utf8"

// systemFiles are what a base image would give: the user the image runs as, name resolution's
// configuration, the UTF-8 locale, a writable /tmp (Netty and jffi unpack their native libraries there)
// and a home.
func systemFiles() ([]entry, error) {
	entries := []entry{
		directory("etc", 0o755),
		regular("etc/passwd", 0o644, []byte("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n")),
		regular("etc/group", 0o644, []byte("root:x:0:\nnonroot:x:65532:\n")),
		// The container runtime mounts /etc/hosts and /etc/resolv.conf; hosts first, as in Debian.
		regular("etc/nsswitch.conf", 0o644, []byte("passwd: files\ngroup: files\nhosts: files dns\n")),
		directory("home", 0o755),
		{name: "home/nonroot", dir: true, mode: 0o755, owner: 65532},
		directory("tmp", 0o1777),
		directory("lib64", 0o755),
		directory("usr", 0o755),
		directory("usr/lib", 0o755),
		directory(LibraryDir[1:], 0o755),
		directory("usr/lib/locale", 0o755),
	}
	err := filepath.WalkDir(Locale, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			entries = append(entries, directory(path[1:], 0o755))
			return nil
		}
		content, err := os.ReadFile(path)
		entries = append(entries, regular(path[1:], 0o644, content))
		return err
	})
	return entries, err
}
