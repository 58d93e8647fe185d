using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using System.Threading;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Advisories
{
    /// <summary>
    /// The OSV records of an offline database, indexed by (ecosystem, normalised package name). It reads the
    /// layout osv-scanner caches (&lt;folder&gt;/&lt;ecosystem&gt;/all.zip) and plain folders of .json records, in
    /// any mix, walked by <see cref="FileWalker"/> and opened through <see cref="InputFileOpener"/>. A record or
    /// archive that cannot be read is reported to the caller and the rest is still loaded.
    /// </summary>
    public sealed class OsvDatabase
    {
        /// <summary>The most entries one all.zip may hold, and the largest record in one.</summary>
        public const int MaximumArchiveEntries = 2_000_000;
        public const long MaximumEntryLength = 16L * 1024 * 1024;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);
        private readonly Dictionary<string, List<OsvAffected>> _byPackage = new Dictionary<string, List<OsvAffected>>(StringComparer.Ordinal);
        private readonly HashSet<string> _ecosystems = new HashSet<string>(StringComparer.Ordinal);

        private OsvDatabase()
        {
        }

        /// <summary>How many records were loaded.</summary>
        public int RecordCount { get; private set; }

        /// <summary>The base ecosystems (NuGet, npm, Debian...) the loaded records name.</summary>
        public IReadOnlyCollection<string> EcosystemNames => _ecosystems;

        /// <summary>True when at least one loaded record names a package of this ecosystem ("Debian:12" counts as Debian).</summary>
        public bool HasRecordsFor(string ecosystem) => _ecosystems.Contains(Advisories.Ecosystems.BaseName(ecosystem));

        /// <summary>
        /// Loads every record under <paramref name="folder"/> (recursively: *.json files and all.zip archives).
        /// <paramref name="onProblem"/> receives each file or entry that could not be read (an
        /// <see cref="OsvRecordException"/>, or the I/O failure) and loading goes on. <paramref name="onProgress"/>,
        /// when given, hears every 1,000 archive entries (and each file) how far the current file is: entries read,
        /// entries in it, and its path.
        /// </summary>
        public static OsvDatabase Load(string folder, Action<Exception, string> onProblem, CancellationToken cancellationToken, Action<long, long, string>? onProgress = null)
        {
            var database = new OsvDatabase();
            var walk = new FileWalkOptions { Recurse = true, FileNameFilter = IsDatabaseFile };
            foreach (WalkEntry entry in FileWalker.Walk(folder, walk, cancellationToken))
            {
                if (entry.Kind == WalkEntryKind.Error)
                {
                    onProblem(entry.Error!, entry.Path);
                    continue;
                }

                if (entry.Kind != WalkEntryKind.File)
                {
                    continue;
                }

                try
                {
                    if (entry.Path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                    {
                        database.AddArchive(entry.Path, onProblem, onProgress, cancellationToken);
                    }
                    else
                    {
                        onProgress?.Invoke(database.RecordCount, 0, entry.Path);
                        byte[] bytes = InputFileOpener.ReadAllBytes(entry.Path, InputKind.AdvisoryRecord, cancellationToken);
                        database.AddRecord(bytes, entry.Path, cancellationToken);
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is OsvRecordException || ex is InvalidDataException)
                {
                    onProblem(ex, entry.Path);
                }
            }

            return database;
        }

        /// <summary>A database of the given records' texts (tests and fuzzing); a record that cannot be read throws.</summary>
        internal static OsvDatabase FromRecords(IEnumerable<KeyValuePair<string, string>> records, CancellationToken cancellationToken = default)
        {
            var database = new OsvDatabase();
            foreach (KeyValuePair<string, string> record in records)
            {
                database.Add(OsvRecordParser.Parse(record.Value, record.Key, cancellationToken));
            }

            return database;
        }

        /// <summary>The affected blocks that name this package in this ecosystem (release-qualified ecosystems such as "Debian:12" count as their base).</summary>
        internal IReadOnlyList<OsvAffected> Find(string ecosystem, string name)
        {
            return _byPackage.TryGetValue(Key(ecosystem, name), out List<OsvAffected>? found) ? found : (IReadOnlyList<OsvAffected>)Array.Empty<OsvAffected>();
        }

        private static bool IsDatabaseFile(string name) =>
            name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "all.zip", StringComparison.OrdinalIgnoreCase);

        private static string Key(string ecosystem, string name) => Advisories.Ecosystems.BaseName(ecosystem) + "\n" + Advisories.Ecosystems.NormalizeName(ecosystem, name);

        private void AddArchive(string path, Action<Exception, string> onProblem, Action<long, long, string>? onProgress, CancellationToken cancellationToken)
        {
            using (Stream stream = InputFileOpener.Open(path, InputKind.AdvisoryArchive, cancellationToken))
            using (var archive = new ZipArchive(stream, ZipArchiveMode.Read))
            {
                if (archive.Entries.Count > MaximumArchiveEntries)
                {
                    throw new InvalidDataException($"The OSV archive '{path}' holds {archive.Entries.Count:N0} entries, more than the {MaximumArchiveEntries:N0} an OSV archive can hold; it was not read.");
                }

                long done = 0;
                foreach (ZipArchiveEntry entry in archive.Entries)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (done++ % 1000 == 0)
                    {
                        onProgress?.Invoke(done - 1, archive.Entries.Count, path);
                    }

                    if (!entry.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    string source = path + "!" + entry.FullName;
                    try
                    {
                        AddRecord(ReadEntry(entry, source), source, cancellationToken);
                    }
                    catch (Exception ex) when (ex is IOException || ex is OsvRecordException || ex is InvalidDataException)
                    {
                        onProblem(ex, source);
                    }
                }
            }
        }

        /// <summary>An entry's bytes, never more than <see cref="MaximumEntryLength"/> whatever its header claims.</summary>
        private static byte[] ReadEntry(ZipArchiveEntry entry, string source)
        {
            if (entry.Length > MaximumEntryLength)
            {
                throw new InvalidDataException($"The OSV record '{source}' is {entry.Length:N0} bytes, more than the {MaximumEntryLength:N0} an OSV record can be; it was not read.");
            }

            using (Stream content = entry.Open())
            using (var buffer = new MemoryStream())
            {
                byte[] chunk = new byte[81920];
                int read;
                while ((read = content.Read(chunk, 0, chunk.Length)) > 0)
                {
                    if (buffer.Length + read > MaximumEntryLength)
                    {
                        throw new InvalidDataException($"The OSV record '{source}' expands to more than the {MaximumEntryLength:N0} bytes an OSV record can be; it was not read.");
                    }

                    buffer.Write(chunk, 0, read);
                }

                return buffer.ToArray();
            }
        }

        private void AddRecord(byte[] bytes, string source, CancellationToken cancellationToken)
        {
            string text;
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException ex)
            {
                throw new OsvRecordException(source, null, "it is not UTF-8 text", ex);
            }

            Add(OsvRecordParser.Parse(text, source, cancellationToken));
        }

        private void Add(OsvRecord record)
        {
            RecordCount++;
            foreach (OsvAffected affected in record.Affected)
            {
                string key = Key(affected.Ecosystem, affected.Name);
                if (!_byPackage.TryGetValue(key, out List<OsvAffected>? list))
                {
                    list = new List<OsvAffected>(1);
                    _byPackage.Add(key, list);
                }

                list.Add(affected);
                _ecosystems.Add(Advisories.Ecosystems.BaseName(affected.Ecosystem));
            }
        }
    }
}
