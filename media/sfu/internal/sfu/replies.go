package sfu

import (
	"github.com/pion/webrtc/v4"

	rtc "app.ardoise/sfu/proto"
)

// Error codes follow HTTP's meaning so that a log line reads without a table.
const (
	codeBadRequest = 400
	codeForbidden  = 403
	codeNotFound   = 404
	codeConflict   = 409
	codeInternal   = 500
)

func errorReply(code int32, reason string) *rtc.Reply {
	return &rtc.Reply{Payload: &rtc.Reply_Error{Error: &rtc.Error{Code: code, Reason: reason}}}
}

func joinReply(answer *webrtc.SessionDescription) *rtc.Reply {
	jr := &rtc.JoinReply{Success: true}
	if answer != nil {
		jr.Description = description(rtc.Target_PUBLISHER, *answer)
	}
	return &rtc.Reply{Payload: &rtc.Reply_Join{Join: jr}}
}

func joinFailed(code int32, reason string) *rtc.Reply {
	return &rtc.Reply{Payload: &rtc.Reply_Join{Join: &rtc.JoinReply{
		Error: &rtc.Error{Code: code, Reason: reason},
	}}}
}

func descriptionReply(target rtc.Target, sd webrtc.SessionDescription) *rtc.Reply {
	return &rtc.Reply{Payload: &rtc.Reply_Description{Description: description(target, sd)}}
}

func description(target rtc.Target, sd webrtc.SessionDescription) *rtc.SessionDescription {
	return &rtc.SessionDescription{Target: target, Type: sd.Type.String(), Sdp: sd.SDP}
}

func trickleReply(target rtc.Target, init string) *rtc.Reply {
	return &rtc.Reply{Payload: &rtc.Reply_Trickle{Trickle: &rtc.Trickle{Target: target, Init: init}}}
}

func trackEventReply(state rtc.TrackEvent_State, uid string, tracks []*rtc.TrackInfo) *rtc.Reply {
	return &rtc.Reply{Payload: &rtc.Reply_TrackEvent{TrackEvent: &rtc.TrackEvent{State: state, Uid: uid, Tracks: tracks}}}
}

func subscriptionReply(failure *rtc.Error) *rtc.Reply {
	return &rtc.Reply{Payload: &rtc.Reply_Subscription{Subscription: &rtc.SubscriptionReply{
		Success: failure == nil, Error: failure,
	}}}
}
