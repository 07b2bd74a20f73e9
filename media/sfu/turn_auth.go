package main

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // the TURN REST API scheme is HMAC-SHA1, as browsers' TURN servers expect
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/pion/turn/v5"
)

// turnSecretEnv names the variable holding the secret shared with the nodes, which hand out the credentials.
const turnSecretEnv = "ARDOISE_TURN_SECRET"

// restCredentials checks the TURN REST API's short-lived credentials: the username is
// "<unix expiry>:<tag>" and the password base64(HMAC-SHA1(secret, username)). Nothing is stored:
// any username the secret signed is valid until its expiry, so a leaked one is worth little.
type restCredentials struct {
	secret []byte
	now    func() time.Time
}

// password is the credential of username: the node computes the same.
func (c restCredentials) password(username string) string {
	mac := hmac.New(sha1.New, c.secret)
	mac.Write([]byte(username))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// valid tells whether username is well formed and unexpired, and gives its tag.
func (c restCredentials) valid(username string) (string, bool) {
	expiry, tag, found := strings.Cut(username, ":")
	if !found || tag == "" {
		return "", false
	}
	until, err := strconv.ParseInt(expiry, 10, 64)
	if err != nil || until <= c.now().Unix() {
		return "", false
	}
	return tag, true
}

// handler answers pion/turn: it returns the long-term key of a valid username, which pion checks
// the request's MESSAGE-INTEGRITY with; a refusal is answered 401.
func (c restCredentials) handler() turn.AuthHandler {
	return func(ra *turn.RequestAttributes) (string, []byte, bool) {
		tag, ok := c.valid(ra.Username)
		if !ok {
			return "", nil, false
		}
		return tag, turn.GenerateAuthKey(ra.Username, ra.Realm, c.password(ra.Username)), true
	}
}
