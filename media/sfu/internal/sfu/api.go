package sfu

import (
	"fmt"
	"net"

	"github.com/pion/ice/v4"
	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v4"
)

// newAPI builds the one webrtc.API that every PeerConnection of the server is
// created from: all of them share a single UDP port through the ICE UDP mux, so a
// firewall needs one rule and a test needs one socket.
func newAPI(cfg Config) (*webrtc.API, ice.UDPMux, error) {
	mux, loopback, err := listenUDPMux(cfg)
	if err != nil {
		return nil, nil, err
	}

	var se webrtc.SettingEngine
	se.SetICEUDPMux(mux)
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	// mDNS would hide our address behind a .local name that a browser on another
	// machine cannot resolve; an SFU's address is public by design.
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	se.SetIncludeLoopbackCandidate(loopback)
	if len(cfg.NAT1To1IPs) > 0 {
		rule := webrtc.ICEAddressRewriteRule{External: cfg.NAT1To1IPs, AsCandidateType: webrtc.ICECandidateTypeHost}
		if err := se.SetICEAddressRewriteRules(rule); err != nil {
			_ = mux.Close()
			return nil, nil, fmt.Errorf("nat 1:1 ips: %w", err)
		}
	}

	me := &webrtc.MediaEngine{}
	if err := me.RegisterDefaultCodecs(); err != nil {
		_ = mux.Close()
		return nil, nil, err
	}
	ir := &interceptor.Registry{}
	// NACK, RTCP reports and TWCC: the SFU answers subscribers' NACKs from its own
	// send buffer instead of asking the publisher again.
	if err := webrtc.RegisterDefaultInterceptors(me, ir); err != nil {
		_ = mux.Close()
		return nil, nil, err
	}

	api := webrtc.NewAPI(webrtc.WithSettingEngine(se), webrtc.WithMediaEngine(me), webrtc.WithInterceptorRegistry(ir))
	return api, mux, nil
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
		opts := []ice.UDPMuxFromPortOption{ice.UDPMuxFromPortWithNetworks(ice.NetworkTypeUDP4)}
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
	mux := ice.NewUDPMuxDefault(ice.UDPMuxParams{UDPConn: conn})
	return mux, cfg.IncludeLoopback || addr.IP.IsLoopback(), nil
}
