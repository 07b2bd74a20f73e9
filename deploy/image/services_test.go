//go:build nodeimage

package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

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
