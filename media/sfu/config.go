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
	GRPCAddr        string `json:"grpc_addr"`
	MetricsAddr     string `json:"metrics_addr"`
	UDPAddr         string `json:"udp_addr"`
	IncludeLoopback bool   `json:"include_loopback"`
	NAT1To1IPs      ipList `json:"nat_1to1_ips"`
	LogLevel        string `json:"log_level"`
}

func defaultConfig() config {
	return config{
		GRPCAddr:        "127.0.0.1:50051",
		MetricsAddr:     "127.0.0.1:9095",
		UDPAddr:         "127.0.0.1:5000",
		IncludeLoopback: true,
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
