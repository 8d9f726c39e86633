package dev.polybridge.regression;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** The real boston-housing.csv (no quoted fields), edited cell by cell into nasty variants. */
final class HousingCsv {
    private final List<String[]> rows = new ArrayList<>();

    private HousingCsv(List<String> lines) {
        lines.forEach(line -> rows.add(line.split(",", -1)));
    }

    static HousingCsv load() {
        try {
            return new HousingCsv(Files.readAllLines(SharedData.file(SharedData.HOUSING)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** dataRow is 1-based: data row 1 is line 2 of the file. */
    HousingCsv set(int dataRow, String column, String value) {
        rows.get(dataRow)[index(column)] = value;
        return this;
    }

    HousingCsv addColumn(String name, Function<Function<String, String>, String> valueOfRow) {
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            String value = r == 0 ? name : valueOfRow.apply(column -> row[index(column)]);
            String[] extended = Arrays.copyOf(row, row.length + 1);
            extended[row.length] = value;
            rows.set(r, extended);
        }
        return this;
    }

    HousingCsv keepDataRows(int count) {
        rows.subList(count + 1, rows.size()).clear();
        return this;
    }

    HousingCsv dropField(int dataRow) {
        String[] row = rows.get(dataRow);
        rows.set(dataRow, Arrays.copyOf(row, row.length - 1));
        return this;
    }

    Path write(Path dir, String name) {
        try {
            Path file = dir.resolve(name);
            Files.write(file, rows.stream().map(row -> String.join(",", row)).toList());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int index(String column) {
        int index = Arrays.asList(rows.get(0)).indexOf(column);
        if (index < 0) throw new IllegalArgumentException("no column " + column);
        return index;
    }
}
