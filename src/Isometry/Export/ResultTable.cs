using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Isometry.Export;

/// <summary>One named value of a result: a property of an object as the exports see it.</summary>
public sealed record Field(string Name, object? Value);

/// <summary>
/// A table of cells: a header and rows. Cells are null, double, long, bool or string (<see cref="Cell.Normalize"/>),
/// so every writer and reader agrees on what a cell can be.
/// </summary>
public sealed class ResultTable
{
    public ResultTable(string name, IEnumerable<string> columns, IEnumerable<object?[]>? rows = null)
    {
        Name = name;
        Columns = columns.ToList();
        Rows = rows?.ToList() ?? new List<object?[]>();
    }

    /// <summary>The table's name: a worksheet's name, or the suffix of a CSV file's name.</summary>
    public string Name { get; }

    public List<string> Columns { get; }

    public List<object?[]> Rows { get; }

    public int ColumnIndex(string name) => Columns.FindIndex(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The column's numeric cells, in row order (null where a cell is not a number).</summary>
    public double?[] Numbers(string column)
    {
        int j = ColumnIndex(column);
        return Rows.Select(r => j >= 0 && j < r.Length ? Cell.AsDouble(r[j]) : null).ToArray();
    }

    /// <summary>
    /// This table's rows after <paramref name="other"/>'s: columns are matched by name (new ones added at the end,
    /// empty in the earlier rows), and the key column <see cref="ResultSet.RowColumn"/>, where present, is shifted by
    /// <paramref name="rowOffset"/> so it still points into the appended main table.
    /// </summary>
    public void Append(ResultTable other, long rowOffset)
    {
        var map = new int[other.Columns.Count];
        for (int j = 0; j < other.Columns.Count; j++)
        {
            int k = ColumnIndex(other.Columns[j]);
            if (k < 0)
            {
                Columns.Add(other.Columns[j]);
                k = Columns.Count - 1;
            }
            map[j] = k;
        }
        int rowKey = other.ColumnIndex(ResultSet.RowColumn);
        PadRows();
        foreach (var row in other.Rows)
        {
            var cells = new object?[Columns.Count];
            for (int j = 0; j < row.Length && j < map.Length; j++)
                cells[map[j]] = j == rowKey && Cell.AsDouble(row[j]) is double r ? (long)r + rowOffset : row[j];
            Rows.Add(cells);
        }
    }

    /// <summary>A row's value in the key column <see cref="ResultSet.RowColumn"/> (0 where it has none).</summary>
    public long KeyOf(object?[] row)
    {
        int j = ColumnIndex(ResultSet.RowColumn);
        return j >= 0 && j < row.Length && Cell.AsDouble(row[j]) is double key ? (long)key : 0;
    }

    /// <summary>The rows grouped by their key column, each group in table order: a long table's rows per result.</summary>
    public Dictionary<long, List<object?[]>> RowsByKey()
    {
        var groups = new Dictionary<long, List<object?[]>>();
        foreach (var row in Rows)
        {
            long key = KeyOf(row);
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = new List<object?[]>();
            list.Add(row);
        }
        return groups;
    }

    /// <summary>The largest value of the key column <see cref="ResultSet.RowColumn"/>: where appended rows continue from.</summary>
    public long LastRow => (long)Numbers(ResultSet.RowColumn).Where(r => r.HasValue).Select(r => r!.Value).DefaultIfEmpty(0).Max();

    /// <summary>Widens rows written before a column was added, so every row has a cell per column.</summary>
    internal void PadRows()
    {
        for (int i = 0; i < Rows.Count; i++)
        {
            if (Rows[i].Length >= Columns.Count) continue;
            var padded = new object?[Columns.Count];
            Array.Copy(Rows[i], padded, Rows[i].Length);
            Rows[i] = padded;
        }
    }
}

/// <summary>
/// What one export writes: the main table (one row per result, its scalar properties) and one long table per
/// array property (Density, Eigenvalues, ...), each row keyed by the main table's <see cref="RowColumn"/>.
/// </summary>
public sealed class ResultSet
{
    /// <summary>The key column: the main table's 1-based row number, repeated in every long table.</summary>
    public const string RowColumn = "Row";

    /// <summary>The column of a long table that numbers the elements of one result's array, from 1.</summary>
    public const string IndexColumn = "Index";

    /// <summary>The column of a long table whose elements are plain values (Eigenvalues).</summary>
    public const string ValueColumn = "Value";

    public ResultSet(ResultTable main, IReadOnlyList<ResultTable> longTables)
    {
        Main = main;
        Long = longTables;
    }

    public ResultTable Main { get; }

    public IReadOnlyList<ResultTable> Long { get; }

    public IEnumerable<ResultTable> Tables => new[] { Main }.Concat(Long);

    /// <summary>
    /// Flattens results given as their fields. A scalar field (<see cref="Cell.IsScalar"/>) becomes a column of the
    /// main table; a collection becomes rows of the long table named after the field, one per element, keyed by the
    /// result's row: a plain value under <see cref="ValueColumn"/>, an object under its own scalar fields, which
    /// <paramref name="describe"/> lists. Anything else is written as its text.
    /// </summary>
    public static ResultSet Build(string name, IEnumerable<IReadOnlyList<Field>> records, Func<object, IReadOnlyList<Field>> describe)
    {
        var main = new ResultTable(name, new[] { RowColumn });
        var longTables = new List<ResultTable>();
        var byName = new Dictionary<string, ResultTable>(StringComparer.OrdinalIgnoreCase);
        long row = 0;
        foreach (var record in records)
        {
            row++;
            var cells = new Dictionary<int, object?> { [0] = row };
            foreach (var field in record)
            {
                if (Cell.IsScalar(field.Value) || field.Value is not IEnumerable items)
                {
                    int j = main.ColumnIndex(field.Name);
                    if (j < 0)
                    {
                        main.Columns.Add(field.Name);
                        j = main.Columns.Count - 1;
                    }
                    cells[j] = Cell.Normalize(field.Value);
                    continue;
                }
                if (!byName.TryGetValue(field.Name, out var table))
                {
                    table = new ResultTable(field.Name, new[] { RowColumn, IndexColumn });
                    byName.Add(field.Name, table);
                    longTables.Add(table);
                }
                long index = 0;
                foreach (var item in items)
                {
                    index++;
                    var itemCells = new Dictionary<int, object?> { [0] = row, [1] = index };
                    var fields = item is null || Cell.IsScalar(item)
                        ? new[] { new Field(ValueColumn, item) }
                        : describe(item);
                    foreach (var f in fields)
                    {
                        int j = table.ColumnIndex(f.Name);
                        if (j < 0)
                        {
                            table.Columns.Add(f.Name);
                            j = table.Columns.Count - 1;
                        }
                        itemCells[j] = Cell.IsScalar(f.Value) ? Cell.Normalize(f.Value) : f.Value?.ToString();
                    }
                    table.Rows.Add(ToRow(itemCells));
                }
            }
            main.Rows.Add(ToRow(cells));
        }
        foreach (var table in longTables.Prepend(main)) table.PadRows();
        return new ResultSet(main, longTables);
    }

    /// <summary>
    /// This set's rows after an earlier export's tables (-Append): its main rows after theirs, the Row key continuing; a
    /// long table of the same name gets its rows added, a new one is added, and earlier long tables this set lacks stay.
    /// </summary>
    public ResultSet After(ResultTable existingMain, IReadOnlyList<ResultTable> existingLong)
    {
        long offset = existingMain.LastRow;
        existingMain.Append(Main, offset);
        var merged = existingLong.Where(t => !Long.Any(n => string.Equals(n.Name, t.Name, StringComparison.OrdinalIgnoreCase))).ToList();
        foreach (var table in Long)
        {
            var target = existingLong.FirstOrDefault(t => string.Equals(t.Name, table.Name, StringComparison.OrdinalIgnoreCase))
                ?? new ResultTable(table.Name, table.Columns);
            target.Append(table, offset);
            merged.Add(target);
        }
        return new ResultSet(existingMain, merged);
    }

    private static object?[] ToRow(Dictionary<int, object?> cells)
    {
        var row = new object?[cells.Keys.Max() + 1];
        foreach (var (j, v) in cells) row[j] = v;
        return row;
    }
}
