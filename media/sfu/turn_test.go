package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pion/turn/v5"
)

const testSecret = "turn-test-secret"

// sfuStandIn is a UDP socket where the SFU's media port would be: the one peer TURN may reach.
func sfuStandIn(t *testing.T) *net.UDPConn {
	t.Helper()
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

func startTestTURN(t *testing.T, sfu *net.UDPConn) *turnServer {
	t.Helper()
	dir := t.TempDir()
	cfg := turnConfig{
		UDPAddr: "127.0.0.1:0", TCPAddr: "127.0.0.1:0", TLSAddr: "127.0.0.1:0",
		TLSCert: filepath.Join(dir, "cert.pem"), TLSKey: filepath.Join(dir, "key.pem"),
		RelayIP: "127.0.0.1", Realm: "ardoise",
	}
	writeSelfSigned(t, cfg.TLSCert, cfg.TLSKey)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := startTURN(cfg, testSecret, sfuPeers([]net.Addr{sfu.LocalAddr()}, nil), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// dialTURN opens a client connection to the server over one transport.
func dialTURN(t *testing.T, srv *turnServer, transport string) (net.PacketConn, net.Addr) {
	t.Helper()
	switch transport {
	case "udp":
		conn, err := net.ListenPacket("udp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		return conn, srv.udp
	case "tcp":
		conn, err := net.Dial("tcp4", srv.tcp.String())
		if err != nil {
			t.Fatal(err)
		}
		return turn.NewSTUNConn(conn), srv.tcp
	default:
		conn, err := tls.Dial("tcp4", srv.tls.String(), &tls.Config{InsecureSkipVerify: true}) //nolint:gosec // our own self-signed test certificate
		if err != nil {
			t.Fatal(err)
		}
		return turn.NewSTUNConn(conn), srv.tls
	}
}

func newTURNClient(t *testing.T, srv *turnServer, transport, username, password string) *turn.Client {
	t.Helper()
	conn, addr := dialTURN(t, srv, transport)
	client, err := turn.NewClient(&turn.ClientConfig{
		STUNServerAddr: addr.String(), TURNServerAddr: addr.String(), Conn: conn,
		Username: username, Password: password, Realm: "ardoise", RTO: 200 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close(); _ = conn.Close() })
	if err := client.Listen(); err != nil {
		t.Fatal(err)
	}
	return client
}

func TestTURNRelaysMediaToTheSFUOverUDPTCPAndTLS(t *testing.T) {
	sfu := sfuStandIn(t)
	srv := startTestTURN(t, sfu)
	for _, transport := range []string{"udp", "tcp", "tls"} {
		t.Run(transport, func(t *testing.T) {
			username, password, err := turn.GenerateLongTermTURNRESTCredentials(testSecret, "p-"+transport, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			client := newTURNClient(t, srv, transport, username, password)
			relayed, err := client.Allocate()
			if err != nil {
				t.Fatalf("allocate over %s: %v", transport, err)
			}
			defer relayed.Close()

			// Browser to SFU through the relay, then the SFU's answer back to the relayed address.
			if _, err := relayed.WriteTo([]byte("ping "+transport), sfu.LocalAddr()); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 1500)
			_ = sfu.SetReadDeadline(time.Now().Add(5 * time.Second))
			n, from, err := sfu.ReadFromUDP(buf)
			if err != nil || string(buf[:n]) != "ping "+transport {
				t.Fatalf("the sfu got %q, %v", buf[:n], err)
			}
			if from.String() != relayed.LocalAddr().String() {
				t.Fatalf("the packet came from %s, not the relayed address %s", from, relayed.LocalAddr())
			}
			// Sent again until it arrives, as ICE does: the client may still be binding a channel.
			deadline := time.Now().Add(5 * time.Second)
			for {
				if _, err := sfu.WriteToUDP([]byte("pong"), from); err != nil {
					t.Fatal(err)
				}
				_ = relayed.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
				n, _, err = relayed.ReadFrom(buf)
				if err == nil {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the client got nothing back: %v", err)
				}
			}
			if !bytes.Equal(buf[:n], []byte("pong")) {
				t.Fatalf("the client got %q", buf[:n])
			}

		})
	}
}

func TestTURNRefusesExpiredAndForgedCredentials(t *testing.T) {
	srv := startTestTURN(t, sfuStandIn(t))
	expired, expiredPassword, err := turn.GenerateLongTermTURNRESTCredentials(testSecret, "p-old", -time.Second)
	if err != nil {
		t.Fatal(err)
	}
	forged, forgedPassword, err := turn.GenerateLongTermTURNRESTCredentials("another secret", "p-forged", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string][2]string{
		"expired":           {expired, expiredPassword},
		"signed by another": {forged, forgedPassword},
		"static password":   {"teacher", "hunter2"},
	} {
		for _, transport := range []string{"udp", "tcp"} {
			client := newTURNClient(t, srv, transport, c[0], c[1])
			if relayed, err := client.Allocate(); err == nil {
				_ = relayed.Close()
				t.Errorf("%s over %s: allocated", name, transport)
			}
		}
	}
	if n := srv.AllocationCount(); n != 0 {
		t.Fatalf("%d allocations", n)
	}
}

func TestTURNRelaysToNothingButTheSFU(t *testing.T) {
	srv := startTestTURN(t, sfuStandIn(t))
	elsewhere, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 2)})
	if err != nil {
		t.Skipf("no 127.0.0.2 here: %v", err)
	}
	defer elsewhere.Close()
	username, password, err := turn.GenerateLongTermTURNRESTCredentials(testSecret, "p-1", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	relayed, err := newTURNClient(t, srv, "tcp", username, password).Allocate()
	if err != nil {
		t.Fatal(err)
	}
	defer relayed.Close()
	if _, err := relayed.WriteTo([]byte("scan"), elsewhere.LocalAddr()); err == nil {
		t.Fatal("the permission to another host was granted")
	}
	_ = elsewhere.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	if n, _, err := elsewhere.ReadFrom(make([]byte, 100)); err == nil {
		t.Fatalf("%d bytes reached another host", n)
	}
}

func TestTURNNeedsItsSecretAndACertificateForTLS(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if _, err := startTURN(turnConfig{TCPAddr: "127.0.0.1:0", RelayIP: "127.0.0.1"}, "", nil, log); err == nil {
		t.Fatal("started without a secret")
	}
	if _, err := startTURN(turnConfig{TCPAddr: "127.0.0.1:0", RelayIP: "127.0.0.1"}, "short", nil, log); err == nil {
		t.Fatal("started with a guessable secret")
	}
	if _, err := startTURN(turnConfig{TLSAddr: "127.0.0.1:0", RelayIP: "127.0.0.1"}, testSecret, nil, log); err == nil {
		t.Fatal("started TLS without a certificate")
	}
}

func writeSelfSigned(t *testing.T, certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "turn.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
}
