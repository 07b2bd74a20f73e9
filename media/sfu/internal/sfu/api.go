package sfu

import (
	"fmt"
	"net"

	"github.com/pion/ice/v4"
	"github.com/pion/interceptor"
	"github.com/pion/interceptor/pkg/nack"
	"github.com/pion/webrtc/v4"
)

const (
	// Browsers give up on a lost packet after about ten NACKs.
	maxNacksPerPacket = 10
	udpReadBuffer     = 4 << 20
)

// newAPI builds the one webrtc.API that every PeerConnection of the server is
// created from: all of them share a single UDP port through the ICE UDP mux, so a
// firewall needs one rule and a test needs one socket.
func newAPI(cfg Config) (*webrtc.API, *muxes, *estimators, error) {
	udp, loopback, err := listenUDPMux(cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	mux := &muxes{udp: udp}

	var se webrtc.SettingEngine
	se.SetICEUDPMux(udp)
	networks := []webrtc.NetworkType{webrtc.NetworkTypeUDP4}
	if cfg.TCPAddr != "" {
		if mux.tcp, err = listenTCPMux(cfg.TCPAddr); err != nil {
			_ = mux.Close()
			return nil, nil, nil, err
		}
		se.SetICETCPMux(mux.tcp)
		networks = append(networks, webrtc.NetworkTypeTCP4)
	}
	se.SetNetworkTypes(networks)
	// mDNS would hide our address behind a .local name that a browser on another
	// machine cannot resolve; an SFU's address is public by design.
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	se.SetIncludeLoopbackCandidate(loopback)
	if len(cfg.NAT1To1IPs) > 0 {
		rule := webrtc.ICEAddressRewriteRule{External: cfg.NAT1To1IPs, AsCandidateType: webrtc.ICECandidateTypeHost}
		if err := se.SetICEAddressRewriteRules(rule); err != nil {
			_ = mux.Close()
			return nil, nil, nil, fmt.Errorf("nat 1:1 ips: %w", err)
		}
	}

	me := &webrtc.MediaEngine{}
	if err := me.RegisterDefaultCodecs(); err != nil {
		_ = mux.Close()
		return nil, nil, nil, err
	}
	// Cameras send three layers, told apart by their rid (layers.go).
	if err := webrtc.ConfigureSimulcastExtensionHeaders(me); err != nil {
		_ = mux.Close()
		return nil, nil, nil, err
	}
	if err := registerActivityExtensions(me); err != nil {
		_ = mux.Close()
		return nil, nil, nil, err
	}
	ir := &interceptor.Registry{}
	// NACK, RTCP reports and TWCC: the SFU answers subscribers' NACKs from its own
	// send buffer instead of asking the publisher again. Its own NACKs to publishers
	// stop after a few tries per packet, as browsers' do: by default they never stop,
	// and since the generator does not see repairs that come on the RTX stream, one
	// burst of socket drops turned into a storm of re-requests that took the
	// publishers' and the SFU's CPU (bench/RESULTS.md, "SFU capacity").
	nackLimit := webrtc.WithNackGeneratorOptions(nack.GeneratorMaxNacksPerPacket(maxNacksPerPacket))
	if err := webrtc.RegisterDefaultInterceptorsWithOptions(me, ir, nackLimit); err != nil {
		_ = mux.Close()
		return nil, nil, nil, err
	}

	bwe, err := registerBandwidthEstimation(me, ir)
	if err != nil {
		_ = mux.Close()
		return nil, nil, nil, err
	}

	api := webrtc.NewAPI(webrtc.WithSettingEngine(se), webrtc.WithMediaEngine(me), webrtc.WithInterceptorRegistry(ir))
	return api, mux, bwe, nil
}

// listenUDPMux binds the media port. A concrete address (127.0.0.1:5000 in tests
// and local runs) gives one socket on that address only; an unspecified host
// (":5000", production) listens on every IPv4 interface. It reports whether
// loopback candidates must be gathered: always when bound to loopback, since they
// are then the only ones.
func listenUDPMux(cfg Config) (ice.UDPMux, bool, error) {
	addr, err := net.ResolveUDPAddr("udp4", cfg.UDPAddr)
	if err != nil {
		return nil, false, fmt.Errorf("udp addr %q: %w", cfg.UDPAddr, err)
	}
	if addr.IP == nil || addr.IP.IsUnspecified() {
		opts := []ice.UDPMuxFromPortOption{
			ice.UDPMuxFromPortWithNetworks(ice.NetworkTypeUDP4),
			ice.UDPMuxFromPortWithReadBufferSize(udpReadBuffer),
		}
		if cfg.IncludeLoopback {
			opts = append(opts, ice.UDPMuxFromPortWithLoopback())
		}
		mux, err := ice.NewMultiUDPMuxFromPort(addr.Port, opts...)
		if err != nil {
			return nil, false, fmt.Errorf("udp mux on port %d: %w", addr.Port, err)
		}
		return mux, cfg.IncludeLoopback, nil
	}
	conn, err := net.ListenUDP("udp4", addr)
	if err != nil {
		return nil, false, fmt.Errorf("udp mux on %s: %w", addr, err)
	}
	// All media of all classes arrives on this one socket (one per interface above): the kernel's default
	// buffer (about 200 KB) holds some 15 ms of it at 100 participants, so a short
	// scheduling stall dropped packets. The kernel caps the size at net.core.rmem_max.
	if err := conn.SetReadBuffer(udpReadBuffer); err != nil {
		_ = conn.Close()
		return nil, false, fmt.Errorf("udp read buffer: %w", err)
	}
	mux := ice.NewUDPMuxDefault(ice.UDPMuxParams{UDPConn: conn})
	return mux, cfg.IncludeLoopback || addr.IP.IsLoopback(), nil
}
