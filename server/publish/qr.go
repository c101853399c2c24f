package publish

import (
	"net/url"
	"strings"

	"motcua/server/contract"
)

// PagePath is the public page of a procedure on this server: "/p/2.000815".
func PagePath(code string) string { return "/p/" + url.PathEscape(code) }

// QRTarget is where a procedure's QR code sends a phone: the centre's own
// public page when the centre has a public address (Settings.PublicURL,
// which phones can reach), otherwise the national portal's guidance page.
// Empty means there is nothing to point at and no code is drawn.
func QRTarget(publicURL string, p contract.Procedure) string {
	if base := strings.TrimRight(publicURL, "/"); base != "" {
		return base + PagePath(p.Code)
	}
	return p.GuidanceURL
}
