import TracedeskServer

/// The tests' PostgreSQL: a cluster of the process's own (see `LocalCluster`).
typealias PGCluster = LocalCluster
