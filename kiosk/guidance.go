package kiosk

import (
	"net/url"
	"strings"

	"motcua/server/contract"
)

// guidanceURL is the address in a procedure's QR code on the detail
// screen: the centre's own public page of the procedure (/p/{code}, served
// by the centre server) when the centre has set its public address, which
// citizens' phones reach and which shows the centre's own fees and times;
// otherwise the national portal's guidance page. Call it on the UI thread
// (it reads the centre's settings the kiosk loaded).
func (k *Kiosk) guidanceURL(p contract.Procedure) string {
	return procedureQR(k.centre.PublicURL, p)
}

// procedureQR is guidanceURL's rule without the kiosk.
func procedureQR(publicURL string, p contract.Procedure) string {
	if base := strings.TrimRight(publicURL, "/"); base != "" && p.Code != "" {
		return base + "/p/" + url.PathEscape(p.Code)
	}
	return p.GuidanceURL
}
