// Command ardoise-sfu is Ardoise's media server: a selective forwarding unit
// on Pion WebRTC driven over ion-sfu's gRPC signalling API.
package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/keepalive"

	"app.ardoise/sfu/internal/sfu"
	rtc "app.ardoise/sfu/proto"
)

func main() {
	cfg, err := loadConfig(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		slog.Error("config", "err", err)
		os.Exit(2)
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		slog.Error("config", "err", err)
		os.Exit(2)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	if err := run(cfg, log); err != nil {
		log.Error("sfu stopped", "err", err)
		os.Exit(1)
	}
}

func run(cfg config, log *slog.Logger) error {
	metrics := sfu.NewMetrics()
	srv, err := sfu.NewServer(sfu.Config{
		UDPAddr:         cfg.UDPAddr,
		IncludeLoopback: cfg.IncludeLoopback,
		NAT1To1IPs:      cfg.NAT1To1IPs,
		TCPAddr:         cfg.TCPAddr,
	}, metrics, log)
	if err != nil {
		return err
	}
	var relay *turnServer
	if cfg.TURN.enabled() {
		relay, err = startTURN(cfg.TURN, os.Getenv(turnSecretEnv), sfuPeers(srv.UDPAddrs(), cfg.NAT1To1IPs), log)
		if err != nil {
			_ = srv.Close()
			return err
		}
		defer relay.Close()
		metrics.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "sfu_turn_allocations",
			Help: "TURN allocations open: browsers whose media is relayed by the SFU's TURN server.",
		}, func() float64 { return float64(relay.AllocationCount()) }))
	}
	lis, err := net.Listen("tcp", cfg.GRPCAddr)
	if err != nil {
		_ = srv.Close()
		return err
	}

	hs := health.NewServer()
	// Bridges ping every few seconds to notice a dead SFU quickly; grpc-go's default policy would
	// answer such pings by closing the connection, and every signalling stream with it.
	gs := grpc.NewServer(grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{
		MinTime:             5 * time.Second,
		PermitWithoutStream: true,
	}))
	rtc.RegisterRTCServer(gs, srv)
	rtc.RegisterRecorderServer(gs, srv.Recorder())
	rtc.RegisterActivityServer(gs, srv.Activity())
	rtc.RegisterRelayServer(gs, srv.Relay())
	rtc.RegisterLoadServer(gs, srv.Load())
	healthpb.RegisterHealthServer(gs, hs)
	hs.SetServingStatus(rtc.RTC_ServiceDesc.ServiceName, healthpb.HealthCheckResponse_SERVING)

	var web *http.Server
	if cfg.MetricsAddr != "" {
		web, err = startHTTP(cfg.MetricsAddr, metrics, log)
		if err != nil {
			_ = srv.Close()
			return err
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- gs.Serve(lis) }()
	log.Info("sfu listening", "grpc", lis.Addr(), "udp", srv.UDPAddrs(), "tcp", srv.TCPAddr(), "metrics", cfg.MetricsAddr,
		"turn_udp", cfg.TURN.UDPAddr, "turn_tcp", cfg.TURN.TCPAddr, "turn_tls", cfg.TURN.TLSAddr)

	select {
	case err = <-served:
	case <-ctx.Done():
		log.Info("shutting down")
	}
	// Health first, so that a bridge polling it stops sending joins; then no new
	// stream is accepted, and the open ones end with their peer connections.
	hs.Shutdown()
	stopped := make(chan struct{})
	go func() { gs.GracefulStop(); close(stopped) }()
	_ = srv.Close()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		gs.Stop()
	}
	if web != nil {
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = web.Shutdown(shutdownCtx)
	}
	return err
}
