package main

import (
	"archive/zip"
	"bytes"
	"debug/elf"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// LibraryDir is where the image keeps the shared libraries the runtime needs: a directory the dynamic
// loader searches by default, so the image needs no ld.so.cache.
const LibraryDir = "/usr/lib/x86_64-linux-gnu"

// hostLibraryDirs are where this machine's libraries are found, in the loader's order.
var hostLibraryDirs = []string{"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64"}

// systemLibraries are the dynamic loader and the shared libraries, taken from this machine, that the
// ELF files given need, and the libraries they need in turn; except those named in provided, which the
// runtime itself holds (libjvm.so, libjava.so...) and finds through its own run paths.
func systemLibraries(elves [][]byte, provided map[string]bool) ([]entry, error) {
	found := map[string]entry{}
	var interpreter string
	pending := slices.Clone(elves)
	for len(pending) > 0 {
		f, err := elf.NewFile(bytes.NewReader(pending[0]))
		pending = pending[1:]
		if err != nil {
			return nil, err
		}
		for _, prog := range f.Progs {
			if prog.Type == elf.PT_INTERP {
				raw, _ := io.ReadAll(prog.Open())
				interpreter = strings.TrimRight(string(raw), "\x00")
			}
		}
		needed, err := f.ImportedLibraries()
		if err != nil {
			return nil, err
		}
		for _, name := range needed {
			if _, done := found[name]; done || provided[name] || name == path.Base(interpreter) {
				continue
			}
			content, err := hostLibrary(name)
			if err != nil {
				return nil, err
			}
			found[name] = regular(path.Join(LibraryDir[1:], name), 0o755, content)
			pending = append(pending, content)
		}
	}
	if interpreter == "" {
		return nil, fmt.Errorf("no executable among the runtime's files names a dynamic loader")
	}
	loader, err := os.ReadFile(interpreter)
	if err != nil {
		return nil, err
	}
	// The loader is also the soname libc asks for: the one copy, at the path the executables name.
	delete(found, path.Base(interpreter))
	entries := []entry{regular(interpreter[1:], 0o755, loader)}
	for _, name := range slices.Sorted(maps.Keys(found)) {
		entries = append(entries, found[name])
	}
	return entries, nil
}

func hostLibrary(name string) ([]byte, error) {
	for _, dir := range hostLibraryDirs {
		if content, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			return content, nil
		}
	}
	return nil, fmt.Errorf("%s, which the runtime needs, is in none of %v", name, hostLibraryDirs)
}

// jarLibraries are the native libraries for Linux on x86-64 (glibc's: they need libc.so.6) that jars
// carry and unpack at run time: Netty's epoll transport in gRPC, jffi in the Cassandra driver.
func jarLibraries(jars []string) ([][]byte, error) {
	var libraries [][]byte
	for _, jar := range jars {
		archive, err := zip.OpenReader(jar)
		if err != nil {
			return nil, err
		}
		for _, file := range archive.File {
			if !strings.HasSuffix(file.Name, ".so") {
				continue
			}
			r, err := file.Open()
			if err != nil {
				archive.Close()
				return nil, err
			}
			content, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				archive.Close()
				return nil, err
			}
			f, err := elf.NewFile(bytes.NewReader(content))
			if err != nil || f.Machine != elf.EM_X86_64 {
				continue // another system's (a Mach-O for macOS) or another processor's
			}
			if needed, _ := f.ImportedLibraries(); slices.Contains(needed, "libc.so.6") {
				libraries = append(libraries, content)
			}
		}
		archive.Close()
	}
	return libraries, nil
}
