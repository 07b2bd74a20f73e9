package sfu

import (
	"errors"
	"fmt"
	"net"

	"github.com/pion/ice/v4"
)

// muxes are the server's media ports: every PeerConnection shares them.
type muxes struct {
	udp ice.UDPMux
	tcp *ice.TCPMuxDefault
}

func (m *muxes) Close() error {
	err := m.udp.Close()
	if m.tcp != nil {
		err = errors.Join(err, m.tcp.Close())
	}
	return err
}

// listenTCPMux binds the ICE-TCP port. Browsers only open active TCP candidates, so the SFU's are
// passive: one listening port, each connection matched to its PeerConnection by the ICE username
// of its first STUN request.
func listenTCPMux(addr string) (*ice.TCPMuxDefault, error) {
	l, err := net.Listen("tcp4", addr)
	if err != nil {
		return nil, fmt.Errorf("ice-tcp on %s: %w", addr, err)
	}
	return ice.NewTCPMuxDefault(ice.TCPMuxParams{
		Listener:       l,
		ReadBufferSize: 32,
		// Without a bound, one subscriber that reads slowly over TCP would block the forwarder that writes to it.
		WriteBufferSize: 4 << 20,
	}), nil
}
