package sfu

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	rtc "app.ardoise/sfu/proto"
)

// A camera published through the SFU over loopback (VP8 at 50 frames a second)
// is reported on the Activity stream as camera time that grows with the clock,
// and only for its owner and its session.
func TestWatchReportsAPublishedCamerasTime(t *testing.T) {
	s := startSFU(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watch, err := s.activity.Watch(ctx, &rtc.WatchRequest{Sid: "class-a", Uid: "alice", EveryMs: 500})
	if err != nil {
		t.Fatal(err)
	}
	first, err := watch.Recv()
	if err != nil || first.GetCameraMs() != 0 || first.GetTalkMs() != 0 {
		t.Fatalf("first report %v, %v: nothing measured yet", first, err)
	}
	started := time.Now()
	s.join(t, "class-a", "alice", joinOpts{video: "cam-alice"})
	s.join(t, "class-b", "bob", joinOpts{})

	var last *rtc.ActivityReport
	for last.GetCameraMs() < 2000 {
		if time.Since(started) > wait {
			t.Fatalf("camera time %d ms after %s", last.GetCameraMs(), time.Since(started))
		}
		if last, err = watch.Recv(); err != nil {
			t.Fatal(err)
		}
	}
	if elapsed := time.Since(started).Milliseconds(); last.GetCameraMs() > elapsed {
		t.Fatalf("camera %d ms in %d ms", last.GetCameraMs(), elapsed)
	}
	if last.GetTalkMs() != 0 {
		t.Fatalf("talk %d ms without a microphone", last.GetTalkMs())
	}
	if c := s.srv.sessions.measured("class-a", "bob"); c != nil {
		t.Fatalf("bob is measured in alice's session: %v", c.report())
	}
}

func TestWatchNeedsASessionAndAParticipant(t *testing.T) {
	s := startSFU(t)
	watch, err := s.activity.Watch(context.Background(), &rtc.WatchRequest{Sid: "class-a"})
	if err == nil {
		_, err = watch.Recv()
	}
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("%v", err)
	}
}
