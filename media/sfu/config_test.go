package main

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestFlagsOverrideTheConfigFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sfu.json")
	body := `{"grpc_addr": "127.0.0.1:6000", "udp_addr": ":7000", "nat_1to1_ips": ["203.0.113.7"]}`
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig([]string{"-config", file, "-udp-addr", "127.0.0.1:7001"})
	if err != nil {
		t.Fatal(err)
	}
	want := defaultConfig()
	want.GRPCAddr = "127.0.0.1:6000"
	want.UDPAddr = "127.0.0.1:7001"
	want.NAT1To1IPs = ipList{"203.0.113.7"}
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("got %+v, want %+v", cfg, want)
	}
}

func TestDefaultsBindLoopbackOnly(t *testing.T) {
	cfg, err := loadConfig(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{cfg.GRPCAddr, cfg.MetricsAddr, cfg.UDPAddr} {
		if addr[:10] != "127.0.0.1:" {
			t.Fatalf("default %q is not on 127.0.0.1", addr)
		}
	}
}

func TestSampleConfigIsTheDefaults(t *testing.T) {
	cfg, err := loadConfig([]string{"-config", "sfu.local.json"})
	if err != nil {
		t.Fatal(err)
	}
	want := defaultConfig()
	want.NAT1To1IPs = ipList{}
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("got %+v, want %+v", cfg, want)
	}
}

func TestTURNIsConfiguredInItsOwnJSONBlock(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sfu.json")
	body := `{"tcp_addr": ":5000", "turn": {"tcp_addr": ":3478", "tls_addr": ":443", "relay_ip": "10.0.0.5"}}`
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig([]string{"-config", file, "-turn-tls-cert", "/etc/turn/cert.pem"})
	if err != nil {
		t.Fatal(err)
	}
	want := defaultConfig()
	want.TCPAddr = ":5000"
	want.TURN.TCPAddr = ":3478"
	want.TURN.TLSAddr = ":443"
	want.TURN.RelayIP = "10.0.0.5"
	want.TURN.TLSCert = "/etc/turn/cert.pem"
	if !reflect.DeepEqual(cfg, want) || !cfg.TURN.enabled() {
		t.Fatalf("got %+v, want %+v", cfg, want)
	}
	if defaultConfig().TURN.enabled() {
		t.Fatal("TURN is on by default, without a secret to check credentials with")
	}
}
