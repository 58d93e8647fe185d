using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Parallelism;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// -VerifyFiles: hashes a component's recorded files (FileHasher, one algorithm: the one recorded) on a few
    /// threads and reports, in record order, each file that is changed, missing or unreadable. One component's
    /// files are finished before the next component's start, so output is deterministic.
    /// </summary>
    internal sealed class RecordedFileVerifier : IDisposable
    {
        private const int MaximumPending = 1024;
        private readonly OrderedParallelQueue<RecordedFile, ComponentFileCheck?> queue;
        private readonly CancellationToken cancellationToken;
        private SoftwareComponent? current;
        private string recordPath = string.Empty;

        public RecordedFileVerifier(int degreeOfParallelism, CancellationToken cancellationToken)
        {
            this.cancellationToken = cancellationToken;
            queue = new OrderedParallelQueue<RecordedFile, ComponentFileCheck?>(Check, Math.Max(1, degreeOfParallelism), cancellationToken);
        }

        public IEnumerable<InventoryOutcome> Verify(SoftwareComponent component, RecordedFileList files, string? scope)
        {
            IEnumerable<RecordedFile> recorded;
            Exception? failure = null;
            try
            {
                recorded = files.Read(cancellationToken);
            }
            catch (Exception ex) when (SoftwareInventory.IsFileProblem(ex))
            {
                recorded = Array.Empty<RecordedFile>();
                failure = ex;
            }

            if (failure != null)
            {
                yield return InventoryOutcome.Failed(files.RecordPath, failure);
                yield break;
            }

            current = component;
            recordPath = files.RecordPath;
            string? prefix = scope == null ? null : scope.TrimEnd('/', '\\') + Path.DirectorySeparatorChar;
            foreach (RecordedFile file in recorded)
            {
                if (prefix != null && !file.FullPath.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                queue.Add(file);
                while (queue.Pending > MaximumPending)
                {
                    if (Take() is InventoryOutcome outcome)
                    {
                        yield return outcome;
                    }
                }
            }

            while (queue.Pending > 0)
            {
                if (Take() is InventoryOutcome outcome)
                {
                    yield return outcome;
                }
            }
        }

        private InventoryOutcome? Take()
        {
            if (!queue.TryTakeWait(TimeSpan.FromSeconds(1), out WorkOutcome<RecordedFile, ComponentFileCheck?> done, out bool timedOut))
            {
                cancellationToken.ThrowIfCancellationRequested();
                return null;
            }

            if (timedOut)
            {
                return null;
            }

            ComponentFileCheck? check = done.Error == null
                ? done.Result
                : Problem(done.Input, ComponentFileStatus.Unreadable, null, done.Error.Message);
            return check == null ? null : InventoryOutcome.Mismatch(check);
        }

        /// <summary>On a worker: null when the file matches.</summary>
        private ComponentFileCheck? Check(RecordedFile file, CancellationToken token)
        {
            FileIntegrity hashed;
            try
            {
                hashed = FileHasher.HashFile(file.FullPath, new[] { file.Algorithm }, false, token);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return Problem(file, ComponentFileStatus.Missing, null, null);
            }

            string? actual = hashed.GetHash(file.Algorithm);
            return string.Equals(actual, file.ExpectedHash, StringComparison.OrdinalIgnoreCase) ? null : Problem(file, ComponentFileStatus.Changed, actual, null);
        }

        private ComponentFileCheck Problem(RecordedFile file, string status, string? actual, string? message)
        {
            SoftwareComponent component = current!;
            return new ComponentFileCheck(
                component.Ecosystem, component.Name, component.Version, file.FullPath, status, file.Algorithm, file.ExpectedHash, actual, recordPath, message);
        }

        public void Dispose() => queue.Dispose();
    }
}
