// Command sfu-peer publishes a synthetic VP8 camera into one session of an SFU, as a browser would, over the
// same Signal stream the Java bridge drives: the JVM has no WebRTC stack, so its tests that need media to flow
// (a relay between two SFUs) start this instead of a browser. It prints "publishing" once its connection is up
// and runs until SIGTERM or -for.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	rtc "app.ardoise/sfu/proto"
)

func main() {
	addr := flag.String("sfu", "127.0.0.1:50051", "the SFU's gRPC address")
	sid := flag.String("sid", "", "the session (class)")
	uid := flag.String("uid", "", "the participant")
	track := flag.String("track", "cam", "the camera's track id")
	lasting := flag.Duration("for", 5*time.Minute, "how long to publish")
	flag.Parse()
	if *sid == "" || *uid == "" {
		log.Fatal("-sid and -uid are required")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *lasting)
	defer cancel()
	if err := publish(ctx, *addr, *sid, *uid, *track); err != nil {
		log.Fatal(err)
	}
}

func publish(ctx context.Context, addr, sid, uid, trackID string) error {
	cc, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer cc.Close()
	stream, err := rtc.NewRTCClient(cc).Signal(ctx)
	if err != nil {
		return err
	}
	var sendMu sync.Mutex
	send := func(r *rtc.Request) {
		sendMu.Lock()
		defer sendMu.Unlock()
		_ = stream.Send(r)
	}

	// Loopback only, like a browser on the SFU's machine in the tests.
	var se webrtc.SettingEngine
	se.SetIncludeLoopbackCandidate(true)
	se.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	pc, err := webrtc.NewAPI(webrtc.WithSettingEngine(se)).NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return err
	}
	defer pc.Close()
	camera, err := webrtc.NewTrackLocalStaticSample(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8}, trackID, "stream-"+uid)
	if err != nil {
		return err
	}
	if _, err := pc.AddTrack(camera); err != nil {
		return err
	}
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		return err
	}
	send(&rtc.Request{Payload: &rtc.Request_Join{Join: &rtc.JoinRequest{
		Sid: sid, Uid: uid, Config: map[string]string{"NoSubscribe": "true"},
		Description: &rtc.SessionDescription{Target: rtc.Target_PUBLISHER, Type: "offer", Sdp: offer.SDP},
	}}})
	// Candidates gathered from here on follow the join on the one stream, so the SFU has the offer first.
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			return
		}
		init, _ := json.Marshal(c.ToJSON())
		send(&rtc.Request{Payload: &rtc.Request_Trickle{Trickle: &rtc.Trickle{Target: rtc.Target_PUBLISHER, Init: string(init)}}})
	})
	if err := pc.SetLocalDescription(offer); err != nil {
		return err
	}
	connected := make(chan struct{})
	var once sync.Once
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) {
		if s == webrtc.PeerConnectionStateConnected {
			once.Do(func() { close(connected) })
		}
	})

	go func() {
		for {
			r, err := stream.Recv()
			if err != nil {
				return
			}
			switch pl := r.Payload.(type) {
			case *rtc.Reply_Join:
				if !pl.Join.GetSuccess() {
					log.Fatalf("join refused: %v", pl.Join.GetError())
				}
				answer := webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: pl.Join.GetDescription().GetSdp()}
				if err := pc.SetRemoteDescription(answer); err != nil {
					log.Fatalf("answer: %v", err)
				}
			case *rtc.Reply_Trickle:
				var c webrtc.ICECandidateInit
				if json.Unmarshal([]byte(pl.Trickle.GetInit()), &c) == nil {
					_ = pc.AddICECandidate(c)
				}
			}
		}
	}()

	select {
	case <-connected:
		fmt.Println("publishing")
	case <-ctx.Done():
		return fmt.Errorf("not connected: %w", ctx.Err())
	case <-time.After(20 * time.Second):
		return fmt.Errorf("not connected after 20 s")
	}
	// Not a picture, only VP8-sized payloads: the SFU forwards without decoding.
	frame := make([]byte, 600)
	tick := time.NewTicker(40 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			_ = camera.WriteSample(media.Sample{Data: frame, Duration: 40 * time.Millisecond})
		}
	}
}
