using System.Collections.Generic;
using System.IO;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>Passes pairs through while telling the host what it hears of them: files gone before they were read, entries recorded with an error, progress.</summary>
    internal static class BaselineRunReport
    {
        public static IEnumerable<BaselinePair> Observe(IEnumerable<BaselinePair> pairs, IBaselineHost host, IReadOnlyList<string> roots, bool reportIncomplete, bool reportProgress, long? total = null)
        {
            long done = 0;
            long bytes = 0;
            foreach (BaselinePair pair in pairs)
            {
                done++;
                bytes += pair.BytesRead;
                if (pair.Vanished != null)
                {
                    host.Warn(pair.Vanished);
                }
                else if (reportIncomplete && pair.Current?.Error != null && !ReferenceEquals(pair.Current, pair.Reference))
                {
                    host.Report(Incomplete(pair.Current, roots[pair.Current.Tree]));
                }

                if (reportProgress)
                {
                    host.Progress(done, bytes, (pair.Current ?? pair.Reference)?.Path, total);
                }

                yield return pair;
            }
        }

        private static BaselineRunException Incomplete(BaselineEntry entry, string root)
        {
            string full = Path.Combine(root, entry.Path.Replace('/', Path.DirectorySeparatorChar));
            return new BaselineRunException(new IOException($"'{full}': {entry.Error} The entry is recorded with this error."), ErrorIds.BaselineEntryIncomplete, BaselineErrorKind.ReadError, full);
        }
    }
}
