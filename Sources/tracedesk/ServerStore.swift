import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskServer

// How every tracer's command chooses and opens the server store: text a tracer or data person
// reads, in their language (the admin's `server` subcommands, in ServerCommand.swift, speak
// English by decision).
extension JournalOptions {
    /// The server named by `--store`, or by `store =` in the config; nil for the file journal.
    /// `--journal` given alone keeps to the file even where the config names a server.
    func server() throws -> ServerTarget? {
        if let store, journal != nil {
            _ = store
            throw DataError(L("--journal and --store name two stores; give one"), code: 64)
        }
        let configured = journal == nil ? try ConfigLoader.load().store : nil
        guard let url = store ?? configured else {
            if onlyTeam != nil { throw DataError(L("--team chooses one team on the server (--store); a file journal holds one team"), code: 64) }
            return nil
        }
        do {
            return try ServerTarget.parse(url)
        } catch {
            throw DataError(error.description, code: 64)
        }
    }

    /// For commands that work on the file journal only (check, team, share…).
    func fileOnly(_ command: String) throws {
        if try server() != nil {
            throw DataError(L("\(command) works on a file journal; on the server, the admin's tools (tracedesk server, psql) do this"), code: 64)
        }
    }
}

/// Opens the server store as the login the environment names, or says in one line why not.
func openServer(_ target: ServerTarget, outbox: String? = nil) throws -> PostgresStore {
    do {
        return try PostgresStore(target: target, outbox: outbox)
    } catch let e as ServerError {
        throw DataError(e)
    }
}

