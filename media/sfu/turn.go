package main

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/pion/turn/v5"
)

const minTURNSecret = 16

// turnServer is the running TURN server and where it listens (nil: that transport is off).
type turnServer struct {
	*turn.Server
	udp, tcp, tls net.Addr
}

// startTURN runs the TURN server on the listeners cfg names. Its allocations may only reach the
// SFU itself (the peers given): it is a way in to this SFU for networks that block UDP, not a
// relay to anywhere else, whoever holds a valid credential.
func startTURN(cfg turnConfig, secret string, peers []net.IP, log *slog.Logger) (*turnServer, error) {
	// The nodes refuse a shorter one too (media's TurnSettings): it could be guessed offline from one credential.
	if len(secret) < minTURNSecret {
		return nil, fmt.Errorf("turn: %s needs %d characters or more, the secret the nodes sign credentials with", turnSecretEnv, minTURNSecret)
	}
	relayIP := net.ParseIP(cfg.RelayIP)
	if relayIP == nil || relayIP.To4() == nil {
		return nil, fmt.Errorf("turn: relay ip %q is not an IPv4 address", cfg.RelayIP)
	}
	permit := onlyPeers(peers, log)
	relay := func() turn.RelayAddressGenerator {
		return &turn.RelayAddressGeneratorStatic{RelayAddress: relayIP, Address: relayIP.String()}
	}

	running := &turnServer{}
	var packetConns []turn.PacketConnConfig
	var listeners []turn.ListenerConfig
	closeAll := func() {
		for _, p := range packetConns {
			_ = p.PacketConn.Close()
		}
		for _, l := range listeners {
			_ = l.Listener.Close()
		}
	}
	if cfg.UDPAddr != "" {
		conn, err := net.ListenPacket("udp4", cfg.UDPAddr)
		if err != nil {
			return nil, fmt.Errorf("turn udp: %w", err)
		}
		running.udp = conn.LocalAddr()
		packetConns = append(packetConns, turn.PacketConnConfig{PacketConn: conn, RelayAddressGenerator: relay(), PermissionHandler: permit})
	}
	if cfg.TCPAddr != "" {
		l, err := net.Listen("tcp4", cfg.TCPAddr)
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("turn tcp: %w", err)
		}
		running.tcp = l.Addr()
		listeners = append(listeners, turn.ListenerConfig{Listener: l, RelayAddressGenerator: relay(), PermissionHandler: permit})
	}
	if cfg.TLSAddr != "" {
		l, err := listenTLS(cfg)
		if err != nil {
			closeAll()
			return nil, err
		}
		running.tls = l.Addr()
		listeners = append(listeners, turn.ListenerConfig{Listener: l, RelayAddressGenerator: relay(), PermissionHandler: permit})
	}

	var err error
	running.Server, err = turn.NewServer(turn.ServerConfig{
		PacketConnConfigs: packetConns,
		ListenerConfigs:   listeners,
		Realm:             cfg.Realm,
		AuthHandler:       restCredentials{secret: []byte(secret), now: time.Now}.handler(),
	})
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("turn: %w", err)
	}
	return running, nil
}

func listenTLS(cfg turnConfig) (net.Listener, error) {
	if cfg.TLSCert == "" || cfg.TLSKey == "" {
		return nil, errors.New("turn tls: needs both a certificate and a key file")
	}
	cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
	if err != nil {
		return nil, fmt.Errorf("turn tls: %w", err)
	}
	l, err := tls.Listen("tcp4", cfg.TLSAddr, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	if err != nil {
		return nil, fmt.Errorf("turn tls: %w", err)
	}
	return l, nil
}

// onlyPeers permits the addresses of the SFU's own media ports and refuses the rest.
func onlyPeers(peers []net.IP, log *slog.Logger) turn.PermissionHandler {
	return func(_ net.Addr, peer net.IP) bool {
		for _, ip := range peers {
			if ip.Equal(peer) {
				return true
			}
		}
		log.Debug("turn permission refused: not this sfu", "peer", peer)
		return false
	}
}

// sfuPeers are the addresses a browser may reach through TURN: where the media ports listen, and the
// addresses announced instead of them behind 1:1 NAT.
func sfuPeers(listening []net.Addr, nat []string) []net.IP {
	var ips []net.IP
	for _, a := range listening {
		switch addr := a.(type) {
		case *net.UDPAddr:
			ips = append(ips, addr.IP)
		case *net.TCPAddr:
			ips = append(ips, addr.IP)
		}
	}
	for _, s := range nat {
		if ip := net.ParseIP(s); ip != nil {
			ips = append(ips, ip)
		}
	}
	return ips
}
