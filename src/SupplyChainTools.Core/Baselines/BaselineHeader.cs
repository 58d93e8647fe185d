using System;
using System.Collections.Generic;
using System.Globalization;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>The first line of a baseline file.</summary>
    public sealed class BaselineHeader
    {
        public const string FormatName = "SupplyChainTools.Baseline";
        /// <summary>2: signer blocks for scripts and catalogs too, the <c>publisher</c> key, the header's <c>signerIdentity</c>.</summary>
        public const int CurrentSchemaVersion = 2;
        public const int OldestSchemaVersion = 1;

        public BaselineHeader(string moduleVersion, string hostName, DateTime createdUtc, IReadOnlyList<string> roots, IReadOnlyList<string> algorithms, IReadOnlyList<string>? include = null, IReadOnlyList<string>? exclude = null, string? platform = null)
        {
            if (roots == null || roots.Count == 0)
            {
                throw new ArgumentException("A baseline needs at least one root.", nameof(roots));
            }

            if (algorithms == null || algorithms.Count == 0)
            {
                throw new ArgumentException("A baseline needs at least one hash algorithm.", nameof(algorithms));
            }

            SchemaVersion = CurrentSchemaVersion;
            ModuleVersion = moduleVersion;
            HostName = hostName;
            CreatedUtc = createdUtc.ToUniversalTime();
            Roots = roots;
            Algorithms = algorithms;
            Include = include ?? Array.Empty<string>();
            Exclude = exclude ?? Array.Empty<string>();
            Platform = platform ?? string.Empty;
        }

        public int SchemaVersion { get; private set; }
        public string ModuleVersion { get; }
        public string HostName { get; }
        public DateTime CreatedUtc { get; }
        /// <summary>Absolute root folders as they were on the recording machine; entries refer to them by index.</summary>
        public IReadOnlyList<string> Roots { get; }
        /// <summary>Hash algorithms of every file entry, first one used to recognise moves.</summary>
        public IReadOnlyList<string> Algorithms { get; }
        /// <summary>File-name wildcards the recording was limited to (empty: all files).</summary>
        public IReadOnlyList<string> Include { get; }
        public IReadOnlyList<string> Exclude { get; }
        public string Platform { get; }
        /// <summary>The <see cref="SignerIdentityRule"/> comparisons with this baseline use unless told otherwise.</summary>
        public string SignerIdentity { get; set; } = SignerIdentityRule.Publisher;

        internal byte[] ToLine()
        {
            var writer = new JsonLineWriter();
            writer.Start();
            writer.String("format", FormatName);
            writer.Number("schemaVersion", SchemaVersion);
            writer.String("moduleVersion", ModuleVersion);
            writer.String("host", HostName);
            writer.String("platform", Platform);
            writer.String("createdUtc", BaselineTime.Format(CreatedUtc));
            writer.StringArray("roots", Roots);
            writer.StringArray("algorithms", Algorithms);
            writer.StringArray("include", Include);
            writer.StringArray("exclude", Exclude);
            writer.String("signerIdentity", SignerIdentity);
            return writer.Finish();
        }

        internal static BaselineHeader FromLine(JsonLine line)
        {
            if (line.GetString("format") != FormatName)
            {
                throw new BaselineFormatException(BaselineProblem.NotABaseline, "the first line is not a SupplyChainTools baseline header.");
            }

            long schema = line.GetNumber("schemaVersion") ?? throw new BaselineFormatException(BaselineProblem.NotABaseline, "the header has no schemaVersion.");
            if (schema < OldestSchemaVersion || schema > CurrentSchemaVersion)
            {
                throw new BaselineFormatException(
                    BaselineProblem.UnsupportedSchemaVersion,
                    $"it has schema version {schema.ToString(CultureInfo.InvariantCulture)}; this version of the module reads schema versions {OldestSchemaVersion} to {CurrentSchemaVersion} only.");
            }

            string signerIdentity = line.GetString("signerIdentity") ?? SignerIdentityRule.Publisher;
            if (!SignerIdentityRule.IsKnown(signerIdentity))
            {
                throw new BaselineFormatException(BaselineProblem.Corrupted, $"the header names an unknown signerIdentity '{signerIdentity}'.");
            }

            string[] roots = line.GetStringArray("roots");
            string[] algorithms = line.GetStringArray("algorithms");
            if (roots.Length == 0 || algorithms.Length == 0)
            {
                throw new BaselineFormatException(BaselineProblem.Corrupted, "the header names no roots or no algorithms.");
            }

            foreach (string algorithm in algorithms)
            {
                if (Hashing.SupportedHashAlgorithms.Normalize(algorithm) != algorithm)
                {
                    throw new BaselineFormatException(BaselineProblem.Corrupted, $"the header names an unsupported algorithm '{algorithm}'.");
                }
            }

            return new BaselineHeader(
                line.GetString("moduleVersion") ?? string.Empty,
                line.GetString("host") ?? string.Empty,
                BaselineTime.Parse(line.RequireString("createdUtc")),
                roots,
                algorithms,
                line.GetStringArray("include"),
                line.GetStringArray("exclude"),
                line.GetString("platform"))
            {
                SchemaVersion = (int)schema,
                SignerIdentity = signerIdentity,
            };
        }
    }

    internal static class BaselineTime
    {
        private const string Pattern = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";

        public static string Format(DateTime value) => value.ToUniversalTime().ToString(Pattern, CultureInfo.InvariantCulture);

        public static DateTime Parse(string text)
        {
            // The fixed 28-character form is parsed by hand (it is in every entry twice); anything else goes
            // through ParseExact, which refuses it with the same message.
            if (text.Length == 28 && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[19] == '.' && text[27] == 'Z'
                && TryDigits(text, 0, 4, out int year) && TryDigits(text, 5, 2, out int month) && TryDigits(text, 8, 2, out int day)
                && TryDigits(text, 11, 2, out int hour) && TryDigits(text, 14, 2, out int minute) && TryDigits(text, 17, 2, out int second)
                && TryDigits(text, 20, 7, out int fraction)
                && year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && hour < 24 && minute < 60 && second < 60)
            {
                return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction);
            }

            if (!DateTime.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime value))
            {
                throw new FormatException($"'{text}' is not a UTC time of the form {Pattern}.");
            }

            return DateTime.SpecifyKind(value, DateTimeKind.Utc);
        }

        private static bool TryDigits(string text, int start, int count, out int value)
        {
            value = 0;
            for (int i = start; i < start + count; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            return true;
        }
    }

    /// <summary>Why a baseline file was refused.</summary>
    public enum BaselineProblem
    {
        NotABaseline,
        Truncated,
        Corrupted,
        Modified,
        UnsupportedSchemaVersion,
        Unsigned,
        SignatureInvalid,
        SignerMismatch,
    }

    /// <summary>A baseline that cannot be trusted or read: the message says which problem, in a sentence.</summary>
    public sealed class BaselineFormatException : Exception
    {
        public BaselineFormatException(BaselineProblem problem, string message)
            : base(message)
        {
            Problem = problem;
        }

        public BaselineFormatException(BaselineProblem problem, string message, Exception inner)
            : base(message, inner)
        {
            Problem = problem;
        }

        public BaselineProblem Problem { get; }

        /// <summary>A stable error id for the problem (BaselineTruncated, BaselineModified, ...).</summary>
        public string ErrorId => ErrorIds.ForBaselineProblem(Problem);
    }
}
