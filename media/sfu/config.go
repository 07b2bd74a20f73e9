package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
)

// config is read from an optional JSON file and then from flags, so a flag given
// on the command line wins over the file. The defaults bind 127.0.0.1 only: a
// production deployment says so explicitly.
type config struct {
	GRPCAddr        string     `json:"grpc_addr"`
	MetricsAddr     string     `json:"metrics_addr"`
	UDPAddr         string     `json:"udp_addr"`
	IncludeLoopback bool       `json:"include_loopback"`
	NAT1To1IPs      ipList     `json:"nat_1to1_ips"`
	TCPAddr         string     `json:"tcp_addr"`
	TURN            turnConfig `json:"turn"`
	LogLevel        string     `json:"log_level"`
}

// turnConfig is the TURN server built in: each listener is off while its address is empty. Its
// shared secret comes from the environment (turnSecretEnv), never from a flag that ps would show.
type turnConfig struct {
	UDPAddr string `json:"udp_addr"`
	TCPAddr string `json:"tcp_addr"`
	TLSAddr string `json:"tls_addr"`
	TLSCert string `json:"tls_cert"`
	TLSKey  string `json:"tls_key"`
	// RelayIP is the address allocations relay from, on this host: the SFU reaches it and it reaches the SFU.
	RelayIP string `json:"relay_ip"`
	Realm   string `json:"realm"`
}

func (t turnConfig) enabled() bool { return t.UDPAddr != "" || t.TCPAddr != "" || t.TLSAddr != "" }

func defaultConfig() config {
	return config{
		GRPCAddr:        "127.0.0.1:50051",
		MetricsAddr:     "127.0.0.1:9095",
		UDPAddr:         "127.0.0.1:5000",
		IncludeLoopback: true,
		TURN:            turnConfig{RelayIP: "127.0.0.1", Realm: "ardoise"},
		LogLevel:        "info",
	}
}

func loadConfig(args []string) (config, error) {
	cfg := defaultConfig()
	var file string
	fs := flag.NewFlagSet("ardoise-sfu", flag.ContinueOnError)
	fs.StringVar(&file, "config", "", "JSON config file; flags given as well override it")
	fs.StringVar(&cfg.GRPCAddr, "grpc-addr", cfg.GRPCAddr, "gRPC listen address (rtc.RTC and grpc.health.v1)")
	fs.StringVar(&cfg.MetricsAddr, "metrics-addr", cfg.MetricsAddr, "HTTP listen address for /metrics and /healthz; empty disables")
	fs.StringVar(&cfg.UDPAddr, "udp-addr", cfg.UDPAddr, `the single UDP media port; ":5000" listens on every interface`)
	fs.BoolVar(&cfg.IncludeLoopback, "include-loopback", cfg.IncludeLoopback, "offer 127.0.0.1 candidates when listening on every interface")
	fs.Var(&cfg.NAT1To1IPs, "nat-1to1-ips", "comma-separated public IPs announced instead of the local ones (1:1 NAT)")
	fs.StringVar(&cfg.TCPAddr, "tcp-addr", cfg.TCPAddr, "the ICE-TCP media port; empty: no TCP candidates")
	fs.StringVar(&cfg.TURN.UDPAddr, "turn-udp-addr", cfg.TURN.UDPAddr, "TURN over UDP; empty: off")
	fs.StringVar(&cfg.TURN.TCPAddr, "turn-tcp-addr", cfg.TURN.TCPAddr, "TURN over TCP; empty: off")
	fs.StringVar(&cfg.TURN.TLSAddr, "turn-tls-addr", cfg.TURN.TLSAddr, `TURN over TLS (":443" in production); empty: off`)
	fs.StringVar(&cfg.TURN.TLSCert, "turn-tls-cert", cfg.TURN.TLSCert, "PEM certificate chain of TURN over TLS")
	fs.StringVar(&cfg.TURN.TLSKey, "turn-tls-key", cfg.TURN.TLSKey, "PEM private key of TURN over TLS")
	fs.StringVar(&cfg.TURN.RelayIP, "turn-relay-ip", cfg.TURN.RelayIP, "this host's address that TURN allocations relay from")
	fs.StringVar(&cfg.TURN.Realm, "turn-realm", cfg.TURN.Realm, "the TURN realm")
	fs.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if file == "" {
		return cfg, nil
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return cfg, err
	}
	cfg = defaultConfig()
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return cfg, fmt.Errorf("%s: %w", file, err)
	}
	// Parsing again puts the explicit flags over what the file said.
	return cfg, fs.Parse(args)
}

type ipList []string

func (l *ipList) String() string { return strings.Join(*l, ",") }

func (l *ipList) Set(s string) error {
	*l = nil
	for _, ip := range strings.Split(s, ",") {
		if ip = strings.TrimSpace(ip); ip != "" {
			*l = append(*l, ip)
		}
	}
	return nil
}
