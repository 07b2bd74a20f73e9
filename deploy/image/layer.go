package main

import (
	"archive/tar"
	"bytes"
	"slices"
	"strings"
	"time"
)

// entry is one file, directory or symbolic link of a layer. Everything belongs to root unless owner says otherwise:
// the image's user reads the runtime and the jars and writes only where it owns the directory.
type entry struct {
	name    string // relative to the root of the image, no leading slash
	dir     bool
	mode    int64
	content []byte
	link    string // a symbolic link's target
	owner   int    // uid and gid
}

func regular(name string, mode int64, content []byte) entry {
	return entry{name: name, mode: mode, content: content}
}

func directory(name string, mode int64) entry {
	return entry{name: name, dir: true, mode: mode}
}

func symlink(name, target string) entry {
	return entry{name: name, mode: 0o777, link: target}
}

// tarball writes the entries sorted by name, so a directory comes before what it holds, with a fixed
// time: the same entries always give the same bytes, hence the same digest.
func tarball(entries []entry) ([]byte, error) {
	sorted := slices.SortedFunc(slices.Values(entries), func(a, b entry) int { return strings.Compare(a.name, b.name) })
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range sorted {
		header := &tar.Header{Name: e.name, Mode: e.mode, Size: int64(len(e.content)), ModTime: time.Unix(0, 0),
			Typeflag: tar.TypeReg, Uid: e.owner, Gid: e.owner}
		switch {
		case e.dir:
			header.Name += "/"
			header.Typeflag = tar.TypeDir
		case e.link != "":
			header.Typeflag = tar.TypeSymlink
			header.Linkname = e.link
		}
		if err := tw.WriteHeader(header); err != nil {
			return nil, err
		}
		if _, err := tw.Write(e.content); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
