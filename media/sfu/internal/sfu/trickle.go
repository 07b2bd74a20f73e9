package sfu

import (
	"encoding/json"
	"sync"

	"github.com/pion/webrtc/v4"

	rtc "app.ardoise/sfu/proto"
)

// trickle carries ICE candidates of one PeerConnection in both directions and
// fixes their order against the descriptions: a browser rejects a candidate that
// arrives before the description it belongs to, and so does Pion.
type trickle struct {
	target rtc.Target
	pc     *webrtc.PeerConnection
	send   func(*rtc.Reply)

	mu            sync.Mutex
	localReady    bool
	localPending  []string
	remotePending []webrtc.ICECandidateInit
}

func newTrickle(target rtc.Target, pc *webrtc.PeerConnection, send func(*rtc.Reply)) *trickle {
	t := &trickle{target: target, pc: pc, send: send}
	pc.OnICECandidate(t.onLocal)
	return t
}

func (t *trickle) onLocal(c *webrtc.ICECandidate) {
	if c == nil {
		return // end of gathering: ion's protocol has no message for it
	}
	init, err := json.Marshal(c.ToJSON())
	if err != nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.localReady {
		t.localPending = append(t.localPending, string(init))
		return
	}
	t.send(trickleReply(t.target, string(init)))
}

// localDescriptionSent releases the candidates gathered so far; call it once the
// description that started gathering is queued on the writer.
func (t *trickle) localDescriptionSent() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.localReady {
		return
	}
	t.localReady = true
	for _, c := range t.localPending {
		t.send(trickleReply(t.target, c))
	}
	t.localPending = nil
}

// addRemote holds a candidate until the remote description is set.
func (t *trickle) addRemote(c webrtc.ICECandidateInit) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.pc.RemoteDescription() == nil {
		t.remotePending = append(t.remotePending, c)
		return nil
	}
	return t.pc.AddICECandidate(c)
}

// remoteDescriptionSet applies the candidates that came early.
func (t *trickle) remoteDescriptionSet() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	pending := t.remotePending
	t.remotePending = nil
	for _, c := range pending {
		if err := t.pc.AddICECandidate(c); err != nil {
			return err
		}
	}
	return nil
}
