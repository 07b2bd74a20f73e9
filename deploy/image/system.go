package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Locale is the one locale in the image, glibc's C.UTF-8 (its files: glibc 2.36 builds only C in).
const Locale = "/usr/lib/locale/C.utf8"

// ExportFont is the font the board's PDF export writes what Helvetica cannot in (ARDOISE_EXPORT_FONT's
// default path), from Debian's fonts-dejavu-core.
const ExportFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

// systemFiles are what a base image would give: the user the image runs as, name resolution's
// configuration, the UTF-8 locale, a writable /tmp (Netty and jffi unpack their native libraries there)
// a home, and the PDF export's font.
func systemFiles() ([]entry, error) {
	font, err := os.ReadFile(ExportFont)
	if err != nil {
		return nil, fmt.Errorf("the PDF export's font (apt-get install fonts-dejavu-core): %w", err)
	}
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
		directory("usr/share", 0o755),
		directory("usr/share/fonts", 0o755),
		directory("usr/share/fonts/truetype", 0o755),
		directory("usr/share/fonts/truetype/dejavu", 0o755),
		regular(ExportFont[1:], 0o644, font),
	}
	err = filepath.WalkDir(Locale, func(path string, d fs.DirEntry, err error) error {
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
