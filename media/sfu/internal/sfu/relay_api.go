package sfu

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	rtc "app.ardoise/sfu/proto"
)

// RelayService serves ardoise.sfu.v1.Relay for a Server.
type RelayService struct {
	rtc.UnimplementedRelayServer
	relays *relays
}

// Relay is the server's relay service, to register beside rtc.RTC.
func (s *Server) Relay() *RelayService { return &RelayService{relays: s.relays} }

func (r *RelayService) StartRelay(_ context.Context, req *rtc.StartRelayRequest) (*rtc.StartRelayReply, error) {
	if req.GetSid() == "" || req.GetSource() == "" || len(req.GetUids()) == 0 {
		return nil, status.Error(codes.InvalidArgument, "sid, source and at least one uid are required")
	}
	for _, uid := range req.GetUids() {
		if uid == "" {
			return nil, status.Error(codes.InvalidArgument, "an empty uid")
		}
	}
	err := r.relays.start(relayKey{sid: req.GetSid(), source: req.GetSource()}, req.GetUids())
	switch {
	case errors.Is(err, errShutdown):
		return nil, status.Error(codes.Unavailable, err.Error())
	case err != nil:
		// The source could not be reached or refused the join: nothing was relayed.
		return nil, status.Error(codes.FailedPrecondition, err.Error())
	}
	return &rtc.StartRelayReply{}, nil
}

func (r *RelayService) StopRelay(_ context.Context, req *rtc.StopRelayRequest) (*rtc.StopRelayReply, error) {
	if req.GetSid() == "" || req.GetSource() == "" {
		return nil, status.Error(codes.InvalidArgument, "sid and source are required")
	}
	r.relays.stop(relayKey{sid: req.GetSid(), source: req.GetSource()})
	return &rtc.StopRelayReply{}, nil
}
