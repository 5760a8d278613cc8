package httpapi

// healthData is the data of the health and readiness checks.
type healthData struct {
	Status string `json:"status"`
}

func (s *Server) health(c *call) (*reply, error) {
	return ok("ok", healthData{Status: "ok"}), nil
}

func (s *Server) ready(c *call) (*reply, error) {
	if err := s.svc.Ping(c.ctx()); err != nil {
		return nil, err
	}
	return ok("ok", healthData{Status: "ok"}), nil
}
