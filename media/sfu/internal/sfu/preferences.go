package sfu

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pion/webrtc/v4"
)

// preferenceChannel is the label of the data channel on which a subscriber says
// how large it shows each video, as ion-sfu's clients did: the node relays no
// part of it.
const preferenceChannel = "ion-sfu"

// preference is one message of that channel: ion-sfu's {streamId, video}, where
// trackId may name a single track instead of every track of a stream. Video is
// "high", "medium", "low" or "none"; ion's "audio" is not read.
type preference struct {
	StreamID string `json:"streamId"`
	TrackID  string `json:"trackId"`
	Video    string `json:"video"`
}

// preferences are a subscriber's wishes, kept for tracks not subscribed yet.
type preferences struct {
	byTrack  map[string]int
	byStream map[string]int
}

func newPreferences() preferences {
	return preferences{byTrack: map[string]int{}, byStream: map[string]int{}}
}

// wanted is the largest layer wanted of f: high unless the subscriber said
// otherwise.
func (p preferences) wanted(f *forwarder) int {
	if l, ok := p.byTrack[f.id()]; ok {
		return l
	}
	if l, ok := p.byStream[f.info.StreamId]; ok {
		return l
	}
	return layerHigh
}

// parsePreference reads one message; the error says what is wrong with it.
func parsePreference(data []byte) (preference, int, error) {
	var p preference
	if err := json.Unmarshal(data, &p); err != nil {
		return p, 0, fmt.Errorf("not a JSON preference: %w", err)
	}
	if p.StreamID == "" && p.TrackID == "" {
		return p, 0, errors.New("a preference names a streamId or a trackId")
	}
	layer, err := layerOfName(p.Video)
	return p, layer, err
}

// openPreferenceChannel makes the subscriber connection carry the channel; the
// SFU, the offerer there, opens it.
func (s *subscriber) openPreferenceChannel() error {
	dc, err := s.pc.CreateDataChannel(preferenceChannel, nil)
	if err != nil {
		return err
	}
	dc.OnMessage(func(msg webrtc.DataChannelMessage) {
		p, layer, err := parsePreference(msg.Data)
		if err != nil {
			reply, _ := json.Marshal(map[string]string{"error": err.Error()})
			_ = dc.SendText(string(reply))
			return
		}
		if err := s.prefer(p, layer); err != nil {
			reply, _ := json.Marshal(map[string]string{"error": err.Error()})
			_ = dc.SendText(string(reply))
		}
	})
	return nil
}

// prefer records a wish and applies it at once. It must name a track the
// subscriber receives, or the stream of one: wishes are kept only while their
// tracks are, so a client cannot fill the SFU's memory with names.
func (s *subscriber) prefer(p preference, layer int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	named := false
	for _, d := range s.downs {
		named = named || d.f.id() == p.TrackID || (p.TrackID == "" && d.f.info.StreamId == p.StreamID)
	}
	if !named {
		return fmt.Errorf("no track %q or stream %q is subscribed", p.TrackID, p.StreamID)
	}
	if p.TrackID != "" {
		s.prefs.byTrack[p.TrackID] = layer
	} else {
		s.prefs.byStream[p.StreamID] = layer
	}
	for _, d := range s.downs {
		d.wanted.Store(int32(s.prefs.wanted(d.f)))
	}
	s.chooseLayersLocked()
	return nil
}

// forgetLocked drops the wishes of a track no longer subscribed, and of its
// stream once no track of it is.
func (s *subscriber) forgetLocked(f *forwarder) {
	delete(s.prefs.byTrack, f.id())
	for _, d := range s.downs {
		if d.f.info.StreamId == f.info.StreamId {
			return
		}
	}
	delete(s.prefs.byStream, f.info.StreamId)
}
