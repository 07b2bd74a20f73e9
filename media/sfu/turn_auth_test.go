package main

import (
	"testing"
	"time"

	"github.com/pion/turn/v5"
)

func TestRestCredentialsMatchTheSchemeAndExpire(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	creds := restCredentials{secret: []byte("shared-secret"), now: func() time.Time { return now }}

	// pion's own generator of the same scheme, written apart from ours: both must agree.
	username, password, err := turn.GenerateLongTermTURNRESTCredentials("shared-secret", "p-4f2a", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if got := creds.password(username); got != password {
		t.Fatalf("password of %q: got %q, pion computes %q", username, got, password)
	}

	for _, c := range []struct {
		username string
		ok       bool
	}{
		{"1800000060:p-4f2a", true},
		{"1800000000:p-4f2a", false}, // expires now
		{"1799999999:p-4f2a", false},
		{"1800000060", false},  // no tag: not ours
		{"1800000060:", false}, // empty tag
		{"soon:p-4f2a", false},
		{"", false},
	} {
		tag, ok := creds.valid(c.username)
		if ok != c.ok {
			t.Errorf("%q: valid=%v, want %v", c.username, ok, c.ok)
		}
		if ok && tag != "p-4f2a" {
			t.Errorf("%q: tag %q", c.username, tag)
		}
	}
}

func TestRestCredentialsHandlerRefusesWhatIsNotValid(t *testing.T) {
	creds := restCredentials{secret: []byte("s"), now: time.Now}
	handle := creds.handler()
	if _, _, ok := handle(&turn.RequestAttributes{Username: "1:old", Realm: "ardoise"}); ok {
		t.Fatal("an expired username was accepted")
	}
	username := "99999999999:tag"
	tag, key, ok := handle(&turn.RequestAttributes{Username: username, Realm: "ardoise"})
	if !ok || tag != "tag" {
		t.Fatalf("valid username refused: %v %q", ok, tag)
	}
	if want := turn.GenerateAuthKey(username, "ardoise", creds.password(username)); string(key) != string(want) {
		t.Fatal("the key is not the long-term key of the REST password")
	}
}
