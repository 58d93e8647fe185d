using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Advisories
{
    /// <summary>One OSV record (the Open Source Vulnerability schema), with only what matching needs.</summary>
    internal sealed class OsvRecord
    {
        public OsvRecord(string id, string[] aliases, string? summary, string? severity, bool isMalicious, bool withdrawn, string source)
        {
            Id = id;
            Aliases = aliases;
            Summary = summary;
            Severity = severity;
            IsMalicious = isMalicious;
            Withdrawn = withdrawn;
            Source = source;
        }

        public string Id { get; }
        public string[] Aliases { get; }
        public string? Summary { get; }
        public string? Severity { get; }

        /// <summary>A malicious-package record (id MAL-..., or the malicious-packages origins in database_specific).</summary>
        public bool IsMalicious { get; }

        /// <summary>The record was withdrawn: it no longer says anything is affected.</summary>
        public bool Withdrawn { get; }

        /// <summary>The file, or "all.zip!entry", the record was read from.</summary>
        public string Source { get; }

        public List<OsvAffected> Affected { get; } = new List<OsvAffected>();
    }

    /// <summary>One affected[] block: a package, its ranges and its listed versions.</summary>
    internal sealed class OsvAffected
    {
        public OsvAffected(OsvRecord record, string ecosystem, string name, string? purl, IReadOnlyList<OsvRange> ranges, IReadOnlyList<string> versions)
        {
            Record = record;
            Ecosystem = ecosystem;
            Name = name;
            Purl = purl;
            Ranges = ranges;
            Versions = versions;
        }

        public OsvRecord Record { get; }

        /// <summary>The ecosystem as the record writes it ("Debian:12").</summary>
        public string Ecosystem { get; }
        public string Name { get; }
        public string? Purl { get; }
        public IReadOnlyList<OsvRange> Ranges { get; }
        public IReadOnlyList<string> Versions { get; }
    }

    internal enum OsvEventKind
    {
        Introduced,
        Fixed,
        LastAffected,
        Limit,
    }

    /// <summary>One range: its type (SEMVER, ECOSYSTEM, GIT) and its events in record order.</summary>
    internal sealed class OsvRange
    {
        public const string Semver = "SEMVER";
        public const string Ecosystem = "ECOSYSTEM";
        public const string Git = "GIT";

        public OsvRange(string type, IReadOnlyList<OsvEvent> events)
        {
            Type = type;
            Events = events;
        }

        public string Type { get; }
        public IReadOnlyList<OsvEvent> Events { get; }
    }

    internal readonly struct OsvEvent
    {
        public OsvEvent(OsvEventKind kind, string version)
        {
            Kind = kind;
            Version = version;
        }

        public OsvEventKind Kind { get; }

        /// <summary>The event's version ("0" for introduced means every version from the start).</summary>
        public string Version { get; }
    }

    /// <summary>An OSV record that cannot be read: one error naming the file (and line); the rest of the database is still read.</summary>
    public sealed class OsvRecordException : Exception
    {
        public OsvRecordException(string source, int? line, string problem, Exception? inner = null)
            : base($"The OSV record '{source}'{(line == null ? string.Empty : " (line " + line + ")")} cannot be read: {problem}", inner)
        {
            Source = source;
            Line = line;
        }

        /// <summary>The file, or "all.zip!entry".</summary>
        public new string Source { get; }

        public int? Line { get; }
    }
}
