// Package sfu is a selective forwarding unit on Pion WebRTC that speaks the
// gRPC signalling API of ion-sfu (service rtc.RTC).
package sfu

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/pion/webrtc/v4"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	rtc "app.ardoise/sfu/proto"
)

type Config struct {
	// UDPAddr is the single media port, "127.0.0.1:5000" or ":5000" for every interface.
	UDPAddr string
	// IncludeLoopback gathers 127.0.0.1 candidates also when listening on every
	// interface (a loopback-bound port always gathers them).
	IncludeLoopback bool
	// NAT1To1IPs replace the host candidates' address, for a server behind 1:1 NAT.
	NAT1To1IPs []string
	// TCPAddr is the ICE-TCP port (RFC 6544 passive candidates), for networks that let no UDP
	// through but allow a direct TCP connection; empty gathers no TCP candidates.
	TCPAddr string
}

var (
	errReplaced = errors.New("replaced by a newer join of the same uid")
	errShutdown = errors.New("sfu shutting down")
)

type Server struct {
	rtc.UnimplementedRTCServer

	api      *webrtc.API
	mux      *muxes
	bwe      *estimators
	sessions *sessions
	rec      *recorder
	relays   *relays
	metrics  *Metrics
	log      *slog.Logger
}

func NewServer(cfg Config, m *Metrics, log *slog.Logger) (*Server, error) {
	api, mux, bwe, err := newAPI(cfg)
	if err != nil {
		return nil, err
	}
	ss := newSessions(m)
	s := &Server{api: api, mux: mux, bwe: bwe, sessions: ss, rec: newRecorder(ss, log), metrics: m, log: log}
	s.relays = newRelays(s, m, log)
	return s, nil
}

// UDPAddrs are the addresses the media port listens on.
func (s *Server) UDPAddrs() []net.Addr { return s.mux.udp.GetListenAddresses() }

// TCPAddr is where ICE-TCP listens, or nil when it is off.
func (s *Server) TCPAddr() net.Addr {
	if s.mux.tcp == nil {
		return nil
	}
	return s.mux.tcp.LocalAddr()
}

// Close ends every Signal stream and frees the media port. Stop the gRPC server
// first so that no new stream joins meanwhile.
func (s *Server) Close() error {
	s.relays.close()
	for _, p := range s.sessions.participants() {
		p.kick(errShutdown)
		s.leave(p)
	}
	return s.mux.Close()
}

// Signal serves one participant. Requests are handled one after another on this
// goroutine; replies go through the stream's single writer.
func (s *Server) Signal(stream rtc.RTC_SignalServer) error {
	ctx, cancel := context.WithCancelCause(stream.Context())
	defer cancel(nil)
	w := newSignalWriter(stream, cancel, s.metrics)
	go w.run(ctx)
	c := &conn{srv: s, send: w.send, kick: cancel}
	defer func() {
		if c.p != nil {
			s.leave(c.p)
		}
		cancel(nil)
		// A Send blocked on a client that does not read returns only once this
		// handler has returned, so the wait is bounded.
		select {
		case <-w.done:
		case <-time.After(time.Second):
		}
	}()

	reqs := make(chan *rtc.Request)
	go func() {
		for {
			req, err := stream.Recv()
			if err != nil {
				cancel(err)
				return
			}
			select {
			case reqs <- req:
			case <-ctx.Done():
				return
			}
		}
	}()

	for {
		select {
		case <-ctx.Done():
			return endStatus(context.Cause(ctx))
		case req := <-reqs:
			c.handle(req)
		}
	}
}

// leave removes p from its session, announces the end of its tracks and closes
// its PeerConnections; repeated calls do nothing more.
func (s *Server) leave(p *participant) {
	s.end(p, s.sessions.leave(p))
	if sess := p.session.Load(); sess != nil && !p.standIn {
		s.relays.participantLeft(sess.sid)
	}
}

func (s *Server) end(p *participant, tracks []*forwarder) {
	if sess := p.session.Load(); sess != nil {
		for _, f := range tracks {
			f.end(sess.unpublish)
		}
	}
	p.close()
}

// onTrack forwards a track, or one layer of a simulcast track: Pion calls it
// once per layer, each with its own rid.
func (s *Server) onTrack(p *participant, remote *webrtc.TrackRemote, receiver *webrtc.RTPReceiver) {
	sess := p.session.Load()
	if sess == nil {
		return
	}
	layer, known := layerOfRID(remote.RID())
	if !known {
		s.log.Warn("layer refused: unknown rid", "sid", sess.sid, "uid", p.uid, "rid", remote.RID())
		return
	}
	f, added := sess.publish(newForwarder(p, p.pub.pc, remote, p.pub.trackInfo(remote), s.metrics))
	if f == nil {
		s.log.Warn("track refused: publisher gone or track id taken", "sid", sess.sid, "uid", p.uid, "track", remote.ID())
		return
	}
	// Each layer has its own camera meter; the counters count a participant's
	// overlapping camera time once.
	l := &layerTrack{remote: remote, meter: newMeter(sess.counters(p.uid), remote, receiver, f.info)}
	if !f.addLayer(layer, l) {
		s.log.Warn("layer refused: already published", "sid", sess.sid, "uid", p.uid, "track", f.id(), "rid", remote.RID())
		return
	}
	s.log.Info("track published", "sid", sess.sid, "uid", p.uid, "track", f.id(), "kind", f.info.Kind, "rid", remote.RID())
	if !added {
		f.run(layer, sess.unpublish)
		return
	}
	s.rec.published(sess.sid, f)
	f.run(layer, sess.unpublish)
	s.rec.unpublished(sess.sid, f)
}

func endStatus(cause error) error {
	switch {
	case cause == nil, errors.Is(cause, io.EOF), errors.Is(cause, context.Canceled):
		return nil
	case errors.Is(cause, errReplaced):
		return status.Error(codes.Aborted, cause.Error())
	case errors.Is(cause, errShutdown):
		return status.Error(codes.Unavailable, cause.Error())
	case errors.Is(cause, errSlowClient):
		return status.Error(codes.ResourceExhausted, cause.Error())
	}
	return status.Convert(cause).Err()
}
