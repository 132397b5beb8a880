import MPTutorCore

// Orphans of a run (a double fork, a daemon) reparent to mptutor, so that
// every process a run made can be ended and reaped.
_ = Runner.enableSubreaper()
MPTutorCommand.main()
